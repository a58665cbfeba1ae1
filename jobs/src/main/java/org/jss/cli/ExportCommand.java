package org.jss.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.io.Exporter;
import org.jss.io.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export}: one table, or one date of it, as a single CSV or JSON file for other tools; or every
 * table of the lake in one run ({@code --all}), each with its schema, for checking another reader.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one lake table (or one as-of date of it) as a single CSV or JSON-lines file.",
      "TABLE is a scored table's name (jss_scores, ...) or a lake path (raw/contracts, quarantine/contracts, _runs).",
      "With --all, every table of the lake goes into the folder --out as <lake path>.<format>, beside",
      "<lake path>.schema.json (the table's Spark schema)."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--table", paramLabel = "TABLE", description = "Table name or lake path.")
  String table;

  @Option(names = "--all", description = "Every table of the lake, into the folder --out.")
  boolean all;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Only this as-of date's rows.")
  String asOf;

  @Option(names = "--format", required = true, paramLabel = "csv|json", description = "csv or json (one object per line).")
  String format;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file to write (with --all: the folder).")
  String out;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    if (!format.equals("csv") && !format.equals("json")) {
      throw new UserError("--format must be csv or json, got '" + format + "'");
    }
    if (all == (table != null)) {
      throw new UserError("give either --table TABLE or --all");
    }
    if (all && asOf != null) {
      throw new UserError("--as-of applies to one table: not with --all");
    }
    PipelineConfig config = common.config();
    java.time.LocalDate date = asOf == null ? null : Dates.parse("--as-of", asOf);
    SparkSession spark = common.session("jss-export", config);
    Lake l = lakeOption.open(spark, config);
    if (all) {
      java.util.Map<String, Long> rows = Exporter.exportAll(l, format, java.nio.file.Path.of(out));
      rows.forEach((t, n) -> System.out.printf("wrote %,d rows of %s%n", n, t));
      System.out.printf("wrote %d tables to %s%n", rows.size(), out);
      return Main.OK;
    }
    long rows = Exporter.export(l, table, date, format, java.nio.file.Path.of(out));
    System.out.printf("wrote %,d rows of %s to %s%n", rows, table, out);
    return Main.OK;
  }
}
