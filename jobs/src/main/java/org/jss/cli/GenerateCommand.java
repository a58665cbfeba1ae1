package org.jss.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.generate.MarketplaceGenerator;
import org.jss.generate.MarketplaceGenerator.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jss generate}: a synthetic marketplace with planted anomalies and their ground truth. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic, realistic freelance marketplace: one file per input table (<table>.csv or"
          + " .parquet) in DIR, labels.csv with the planted anomalies (account_id, detector, family)"
          + " and, with --dirty, dirty_labels.csv (table, key, rule) for the invalid rows added.",
      "The same arguments always give the same rows in the same order (byte-identical CSV files)."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  String out;

  @Option(
      names = "--freelancers",
      required = true,
      paramLabel = "N",
      description = "Number of freelancers (at least 50); about 0.4 clients per freelancer are added.")
  long freelancers;

  @Option(names = "--seed", required = true, paramLabel = "S", description = "Random seed.")
  long seed;

  @Option(
      names = "--format",
      paramLabel = "csv|parquet",
      defaultValue = "csv",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--end-date",
      paramLabel = "YYYY-MM-DD",
      defaultValue = "2026-11-22",
      description = "Last day of the generated history; no timestamp falls after it"
          + " (default: ${DEFAULT-VALUE}).")
  String endDate;

  @Option(
      names = "--dirty",
      description = "Add a few invalid rows per ingest validation rule, listed in dirty_labels.csv.")
  boolean dirty;

  @Override
  public Integer call() {
    MarketplaceGenerator.Options opts = options();
    PipelineConfig config = common.config();
    SparkSession spark = common.session("jss-generate", config);
    MarketplaceGenerator.Result result = MarketplaceGenerator.generate(spark, opts);
    for (Map.Entry<String, Long> e : result.rows().entrySet()) {
      System.out.printf(Locale.ROOT, "%-18s %,12d rows%n", e.getKey(), e.getValue());
    }
    System.out.printf(
        Locale.ROOT,
        "generated %,d freelancers (seed %d, %s) in %s in %.1f s%n",
        freelancers,
        seed,
        opts.format().name().toLowerCase(Locale.ROOT),
        out,
        result.elapsed().toMillis() / 1000.0);
    return Main.OK;
  }

  /** Validates the arguments before any Spark work: bad ones are a UserError (exit 2). */
  MarketplaceGenerator.Options options() {
    Format f;
    try {
      f = Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserError("--format must be csv or parquet, got '" + format + "'");
    }
    LocalDate end;
    try {
      end = LocalDate.parse(endDate);
    } catch (DateTimeParseException e) {
      throw new UserError("--end-date must be a date like 2026-11-22, got '" + endDate + "'");
    }
    if (out.isBlank()) {
      throw new UserError("--out must name a directory");
    }
    try {
      return new MarketplaceGenerator.Options(out, freelancers, seed, f, end, dirty);
    } catch (IllegalArgumentException e) {
      throw new UserError("--freelancers: " + e.getMessage());
    }
  }
}
