package org.jss.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.jss.base.UserError;
import org.jss.anomaly.AnomalyConfig;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.io.Lake;
import org.jss.pipeline.NightlyJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nightly}: every stage for one as-of date, each table replaced atomically for that date. */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the nightly stages for one date: JSS scores and explanations, inactive contracts,",
      "anomaly flags and fee impact. Re-running a date replaces that date's rows atomically."
    })
public final class NightlyCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD", description = "The run date (UTC).")
  String asOf;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "JSS policy YAML holding only what it changes (e.g. formula: POSITIVE_SHARE).")
  String policy;

  @Option(
      names = "--anomaly-config",
      paramLabel = "FILE",
      description =
          "Anomaly thresholds YAML holding only what it changes. Default: the built-in thresholds, which"
              + " conf/anomaly.yaml writes out.")
  String anomalyConfig;

  @Option(
      names = "--stages",
      split = ",",
      paramLabel = "STAGE",
      description =
          "Stages to run, comma-separated (facts, jss, inactive, anomalies, fees); a stage brings the"
              + " stages it reads. Default: all but fees, and fees when fees.nightly.enabled.")
  List<String> stages = List.of();

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    LocalDate date = Dates.parse("--as-of", asOf);
    JssPolicy p = JssPolicy.load(policy);
    AnomalyConfig a = AnomalyConfig.load(anomalyConfig);
    PipelineConfig config = common.config();
    NightlyStages wiring = new NightlyStages(p, a, config);
    wiring.validate(stages);
    SparkSession spark = common.session("jss-nightly", config);
    Lake l = lakeOption.open(spark, config);
    if (!l.exists(l.rawPath(org.jss.io.Schemas.CONTRACTS.name()))) {
      throw new UserError(
          "no raw/contracts table in lake " + l.root() + ": run `jss ingest --source DIR --lake "
              + l.root() + "` first (or pass the right --lake)");
    }
    NightlyJob.Result r = run(l, date, wiring, stages, new Progress(System.err));
    System.out.println("nightly " + date + " (run " + r.runId() + ")");
    for (NightlyJob.StageResult s : r.stages()) {
      System.out.printf(
          "  %-10s %6.1f s  (%s %s)%n",
          s.stage(), s.durationMs() / 1000.0, s.rules().name(), s.rules().version());
      for (Map.Entry<String, Long> e : s.rowCounts().entrySet()) {
        System.out.printf("    %-24s %,d rows%n", e.getKey(), e.getValue());
      }
    }
    return Main.OK;
  }

  static NightlyJob.Result run(
      Lake lake, LocalDate date, NightlyStages wiring, List<String> stages, Progress progress) {
    return NightlyJob.run(
        lake, date, "nightly", wiring.select(stages), progress::status, wiring.smallLakeBytes());
  }
}
