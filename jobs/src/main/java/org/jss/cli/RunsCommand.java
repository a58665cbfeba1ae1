package org.jss.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jss.config.PipelineConfig;
import org.jss.io.RunLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runs}: every attempt the lake's {@code _runs} table recorded, and how each one ended. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the attempts recorded in the lake's _runs table, oldest first: command, as-of date, outcome",
      "(SUCCEEDED; FAILED with the stage and error; INTERRUPTED when the process was killed or stopped",
      "before it could record an end), duration and each stage's time and rows written."
    })
public final class RunsCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--last", paramLabel = "N", description = "Only the N most recent attempts. Default: all.")
  Integer last;

  @Option(names = "--format", paramLabel = "text|json", description = "Default: text (JSON: one object a line).")
  OutputFormat format = OutputFormat.TEXT;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws JsonProcessingException {
    if (last != null && last < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--last must be at least 1, got " + last);
    }
    PipelineConfig config = common.config();
    // No Spark session: _runs is a few rows a night, read with Delta Kernel.
    List<RunLog.Attempt> attempts =
        RunLog.attempts(lakeOption.reader(common.hadoopConfiguration(config), config).runs());
    if (last != null && attempts.size() > last) {
      attempts = attempts.subList(attempts.size() - last, attempts.size());
    }
    if (format == OutputFormat.JSON) {
      for (RunLog.Attempt a : attempts) {
        System.out.println(JSON.writeValueAsString(json(a)));
      }
    } else if (attempts.isEmpty()) {
      System.out.println("no runs recorded in this lake yet");
    } else {
      attempts.forEach(a -> System.out.print(text(a)));
    }
    return Main.OK;
  }

  static String text(RunLog.Attempt a) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%s  %s%s  %s  %.1f s  (run %s)%n",
            a.startedAt(),
            a.command(),
            a.asOf() == null ? "" : " " + a.asOf(),
            a.outcome(),
            a.durationMs() / 1000.0,
            a.runId()));
    for (RunLog.StageRun s : a.stages()) {
      t.append(
          String.format(
              Locale.ROOT,
              "    %-10s %-9s %8.1f s  %,d rows written%n",
              s.stage(),
              s.outcome(),
              s.durationMs() / 1000.0,
              s.rowsWritten()));
    }
    if (a.message() != null) {
      t.append("    ").append(a.message()).append(System.lineSeparator());
    }
    return t.toString();
  }

  static Map<String, Object> json(RunLog.Attempt a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", a.runId());
    m.put("command", a.command());
    m.put("as_of_date", a.asOf() == null ? null : a.asOf().toString());
    m.put("started_at", a.startedAt().toString());
    m.put("outcome", a.outcome());
    m.put("duration_ms", a.durationMs());
    m.put("planned_stages", a.planned());
    m.put(
        "stages",
        a.stages().stream()
            .map(
                s -> {
                  Map<String, Object> sm = new LinkedHashMap<>();
                  sm.put("stage", s.stage());
                  sm.put("outcome", s.outcome());
                  sm.put("duration_ms", s.durationMs());
                  sm.put("rows_written", s.rowsWritten());
                  sm.put("message", s.message());
                  return sm;
                })
            .toList());
    m.put("message", a.message());
    return m;
  }
}
