package org.jss.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.jss.anomaly.Evaluation;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.io.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: precision and recall of one night's anomaly flags against ground-truth labels. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Compares one night's anomaly_flags with a labels file (account_id,detector[,family] per line, as",
      "written by generate or bench/worlds/world.py): precision, recall, F1, tp, fp and fn per detector and",
      "overall, the share of freelancer accounts with no labelled case that were flagged, recall per",
      "variant family when the labels name one, and with --traps the near-miss accounts flagged per kind."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Ground truth (labels.csv).")
  String labels;

  @Option(
      names = "--traps",
      paramLabel = "FILE",
      description = "Near-miss accounts that should not be flagged (account_id,trap per line).")
  String traps;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Run date. Default: the latest run.")
  String asOf;

  @Option(names = "--format", paramLabel = "text|json", description = "Default: text.")
  OutputFormat format = OutputFormat.TEXT;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    LocalDate date = asOf == null ? null : Dates.parse("--as-of", asOf);
    Path labelsFile = Path.of(labels);
    // Read (and fail on) the files before starting Spark.
    Evaluation.Truth truth = Evaluation.readTruth(labelsFile, traps == null ? null : Path.of(traps));
    PipelineConfig config = common.config();
    SparkSession spark = common.session("jss-evaluate", config);
    Lake l = lakeOption.open(spark, config);
    Evaluation.Result r = Evaluation.evaluate(l, truth, date);
    System.out.println(format == OutputFormat.JSON ? r.json() : r.text());
    return Main.OK;
  }
}
