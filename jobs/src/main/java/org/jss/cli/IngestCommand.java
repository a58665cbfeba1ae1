package org.jss.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.jss.base.RunFailure;
import org.jss.config.PipelineConfig;
import org.jss.ingest.IngestJob;
import org.jss.ingest.IngestResult;
import org.jss.ingest.Rule;
import org.jss.ingest.TableOutcome;
import org.jss.io.Lake;
import org.jss.io.SourceFiles.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jss ingest}: validates the input files of a source directory and merges them into the lake's raw
 * tables, prints a summary per table, and exits 1 when a table passed the bad-row limit.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Validates files named <table>.<ext> (or folders <table>/) in DIR and merges the good rows into"
          + " raw/<table> by key; bad rows go to quarantine/<table> with every rule they break, and one"
          + " row per table to scored/data_quality. Loading the same files twice changes nothing.",
      "A table whose share of bad rows passes ingest.bad_row_limit (default 5%%) loads none of its rows;"
          + " tables referencing it are skipped; the command then exits 1.",
      "An empty input (header only, no lines, an empty folder) loads zero rows. A file that cannot be"
          + " read as rows (binary, a required column missing, a Parquet column of the wrong type, a name"
          + " like a misspelt table's) stops the ingest with exit 2 before anything loads; other names"
          + " (labels.csv) are listed and ignored."
    })
public final class IngestCommand implements Runnable {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--source", required = true, paramLabel = "DIR", description = "Input directory.")
  String source;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "csv, json or parquet.")
  String format;

  @Mixin LakeOption lakeOption;

  @Override
  public void run() {
    Format fmt = Format.parse(format);
    PipelineConfig config = common.config();
    SparkSession spark = common.session("jss-ingest", config);
    PrintWriter out = spec.commandLine().getOut();
    Lake target = lakeOption.open(spark, config);
    IngestResult result =
        IngestJob.run(
            target,
            IngestJob.Request.now(source, fmt, config.badRowLimit()),
            line -> {
              out.println(line);
              out.flush();
            },
            config.smallLakeBytes());
    out.println(summary(result));
    out.flush();
    if (!result.ok()) {
      String why =
          result.failed().stream().map(TableOutcome::message).collect(Collectors.joining("; "));
      throw new RunFailure("ingest", why, null);
    }
  }

  /** The per-table summary: read, loaded, unchanged, quarantined and the count per broken rule. */
  static String summary(IngestResult result) {
    StringBuilder sb = new StringBuilder();
    sb.append("ingest ").append(result.ingestId()).append(" at ").append(result.ingestedAt()).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "%-17s %-9s %9s %9s %9s %11s  %s%n",
            "table",
            "status",
            "read",
            "loaded",
            "unchanged",
            "quarantined",
            "by rule"));
    for (TableOutcome t : result.tables()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-17s %-9s %9d %9d %9d %11d  %s%n",
              t.table(),
              t.status(),
              t.read(),
              t.loaded(),
              t.unchanged(),
              t.quarantined(),
              byRule(t.ruleCounts())));
    }
    if (result.tables().isEmpty()) {
      sb.append("(no input files found)\n");
    }
    return sb.toString();
  }

  private static String byRule(Map<Rule, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey().name() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
