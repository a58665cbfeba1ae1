package org.jss.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.jss.config.PipelineConfig;
import org.jss.io.Exporter;
import org.jss.io.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: one table, or one date of it, as a single CSV or JSON file for other tools. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one lake table (or one as-of date of it) as a single CSV or JSON-lines file.",
      "TABLE is a scored table's name (jss_scores, ...) or a lake path (raw/contracts, quarantine/contracts, _runs)."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--table", required = true, paramLabel = "TABLE", description = "Table name or lake path.")
  String table;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Only this as-of date's rows.")
  String asOf;

  @Option(names = "--format", required = true, paramLabel = "csv|json", description = "csv or json (one object per line).")
  String format;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file to write.")
  String out;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    if (!format.equals("csv") && !format.equals("json")) {
      throw new UserError("--format must be csv or json, got '" + format + "'");
    }
    PipelineConfig config = common.config();
    java.time.LocalDate date = asOf == null ? null : Dates.parse("--as-of", asOf);
    SparkSession spark = common.session("jss-export", config);
    Lake l = lakeOption.open(spark, config);
    long rows = Exporter.export(l, table, date, format, java.nio.file.Path.of(out));
    System.out.printf("wrote %,d rows of %s to %s%n", rows, table, out);
    return Main.OK;
  }
}
