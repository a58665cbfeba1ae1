package org.jss.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.jss.base.RunFailure;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.config.Rules;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.io.RunLog;
import org.jss.io.SmallLakeProfile;
import org.jss.io.Snapshot;

/**
 * The one write path for scored tables. Runs stages for one as-of date: builds the point-in-time snapshot
 * once, hands each stage the tables it declares (earlier stages' written outputs, its own previous run's
 * tables), writes each table it returns with a per-date atomic replace stamped with the stage's rules and
 * the run id, and records every stage in {@code _runs}, failed or not. Outputs are read back from Delta
 * before they are handed on, so nothing upstream is recomputed.
 */
public final class NightlyJob {
  private NightlyJob() {}

  /** What a run did: per stage, the rules, the rows written per table, and the time it took. */
  public record Result(String runId, LocalDate asOf, List<StageResult> stages) {}

  public record StageResult(String stage, Rules rules, Map<String, Long> rowCounts, long durationMs) {}

  /**
   * Runs {@code stages} in the order given; a stage's {@link Stage#dependsOn()} must come before it.
   * {@code command} names the run in {@code _runs} ({@code nightly}, {@code fees impact}).
   */
  public static Result run(
      Lake lake, LocalDate asOf, String command, List<Stage> stages, Consumer<String> progress) {
    return run(lake, asOf, command, stages, progress, PipelineConfig.defaults().smallLakeBytes());
  }

  /**
   * As {@link #run(Lake, LocalDate, String, List, Consumer)}; a lake whose raw tables hold fewer than
   * {@code smallLakeBytes} bytes of data runs with the {@link SmallLakeProfile} (0: never).
   */
  public static Result run(
      Lake lake,
      LocalDate asOf,
      String command,
      List<Stage> stages,
      Consumer<String> progress,
      long smallLakeBytes) {
    try (SmallLakeProfile profile = SmallLakeProfile.apply(lake, smallLakeBytes, progress)) {
      return runStages(lake, asOf, command, stages, progress);
    }
  }

  private static Result runStages(
      Lake lake, LocalDate asOf, String command, List<Stage> stages, Consumer<String> progress) {
    Set<String> seen = new HashSet<>();
    for (Stage s : stages) {
      for (String d : s.dependsOn()) {
        if (!seen.contains(d)) {
          throw new IllegalArgumentException("stage " + s.name() + " needs stage " + d + " to run before it");
        }
      }
      seen.add(s.name());
    }
    String runId = UUID.randomUUID().toString();
    Map<String, Long> inputVersions = lake.rawVersions();
    // Recorded before any work, so that a run killed mid-way (which can record nothing more) still shows.
    RunLog.append(
        lake,
        RunLog.started(
            runId, command, asOf, stages.stream().map(Stage::name).toList(), inputVersions, Instant.now()));
    Snapshot snapshot = Snapshot.of(lake, asOf, inputVersions);
    Map<String, Map<String, Dataset<Row>>> written = new LinkedHashMap<>();
    List<StageResult> results = new ArrayList<>();
    for (Stage stage : stages) {
      Map<String, Dataset<Row>> upstream = new LinkedHashMap<>();
      stage.dependsOn().forEach(d -> upstream.putAll(written.get(d)));
      Optional<LocalDate> prevDate = Optional.empty();
      Map<String, Dataset<Row>> previous = new LinkedHashMap<>();
      if (!stage.previousTables().isEmpty()) {
        prevDate = lake.latestDateBefore(stage.previousTables().get(0), asOf);
        for (String t : stage.previousTables()) {
          if (prevDate.isPresent() && lake.exists(lake.scoredPath(t))) {
            previous.put(t, lake.scoredDate(t, prevDate.get()));
          }
        }
      }
      StageInputs in = new StageInputs(asOf, snapshot, runId, upstream, prevDate, previous);
      Map<String, Dataset<Row>> out = new LinkedHashMap<>();
      results.add(runStage(stage, in, lake, command, inputVersions, out, progress));
      written.put(stage.name(), out);
    }
    return new Result(runId, asOf, results);
  }

  /**
   * Runs one stage, writes each of its tables stamped with the run and its rules, and puts the written
   * rows (without the stamp) in {@code out}; records the stage in {@code _runs} whether it succeeds or
   * fails.
   */
  private static StageResult runStage(
      Stage stage,
      StageInputs in,
      Lake lake,
      String command,
      Map<String, Long> inputVersions,
      Map<String, Dataset<Row>> out,
      Consumer<String> progress) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    Rules rules = stage.rules();
    try {
      progress.accept("stage " + stage.name() + ": computing");
      Map<String, Dataset<Row>> tables = stage.run(in);
      for (Map.Entry<String, Dataset<Row>> e : tables.entrySet()) {
        progress.accept("stage " + stage.name() + ": writing " + e.getKey());
        Dataset<Row> stamped =
            e.getValue()
                .withColumn(Catalog.RULES_NAME, functions.lit(rules.name()))
                .withColumn(Catalog.RULES_VERSION, functions.lit(rules.version()))
                .withColumn(Catalog.RUN_ID, functions.lit(in.runId()));
        lake.replaceDate(e.getKey(), stamped, in.asOf());
        counts.put(e.getKey(), lake.lastWriteRows(lake.scoredPath(e.getKey())));
        out.put(
            e.getKey(),
            lake.scoredDate(e.getKey(), in.asOf()).drop(Catalog.STAMP.fieldNames()));
      }
    } catch (RuntimeException ex) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      RunLog.append(
          lake,
          new RunLog.Entry(
              in.runId(), command, in.asOf(), stage.name(), inputVersions, counts, started, ms, RunLog.FAILED,
              String.valueOf(ex.getMessage())));
      throw ex instanceof RunFailure || ex instanceof UserError
          ? ex
          : new RunFailure(stage.name(), "stage failed", ex);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    RunLog.append(
        lake,
        new RunLog.Entry(
            in.runId(), command, in.asOf(), stage.name(), inputVersions, counts, started, ms, RunLog.SUCCEEDED,
            null));
    // Stages persist what several of their tables share; once written, nothing needs it in memory.
    lake.spark().catalog().clearCache();
    return new StageResult(stage.name(), rules, counts, ms);
  }
}
