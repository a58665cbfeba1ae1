package org.jss.cli;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jss.anomaly.AnomalyConfig;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.ingest.IngestJob;
import org.jss.ingest.IngestResult;
import org.jss.ingest.TableOutcome;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.anomaly.ReviewCases;
import org.jss.inactivity.InactiveStage;
import org.jss.io.SourceFiles;
import org.jss.reporting.ExplainJob;
import org.jss.reporting.Explanation;
import org.jss.scoring.JssStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole pipeline on the bundled samples, embedded. Ingests {@code data-samples/} into a
 * fresh lake under the project, runs nightly for the week before and for the demo date (so "change since
 * the previous run" has something to say), and prints a short report with one freelancer's explanation.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on data-samples/ in local mode: ingest, two nightly runs, a short report.",
      "The lake is written to demo-lake/ (ignored by git) and rebuilt on every run."
    })
public final class DemoCommand implements Callable<Integer> {
  static final LocalDate DEMO_DATE = LocalDate.parse("2026-11-22");

  @Option(names = "--samples", paramLabel = "DIR", description = "Sample CSVs. Default: ${DEFAULT-VALUE}.")
  String samples = "data-samples";

  @Option(names = "--lake", paramLabel = "DIR", description = "Demo lake. Default: ${DEFAULT-VALUE}.")
  String lake = "demo-lake";

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(Path.of(samples))) {
      throw new UserError("sample folder not found: " + samples + " (run from the project's top folder)");
    }
    deleteLake(Path.of(lake));
    PipelineConfig config = common.config();
    SparkSession spark = common.session("jss-demo", config);
    Lake l = new Lake(spark, Path.of(lake).toAbsolutePath().toString());
    Progress progress = new Progress(System.err);

    IngestResult ingest =
        IngestJob.run(
            l,
            IngestJob.Request.now(samples, SourceFiles.Format.CSV, config.badRowLimit()),
            progress::status,
            config.smallLakeBytes());
    progress.done("ingested " + samples);
    NightlyStages wiring = new NightlyStages(JssPolicy.defaults(), AnomalyConfig.defaults(), config);
    NightlyCommand.run(l, DEMO_DATE.minusDays(7), wiring, List.of(), progress);
    progress.done("nightly " + DEMO_DATE.minusDays(7));
    NightlyCommand.run(l, DEMO_DATE, wiring, List.of(), progress);
    progress.done("nightly " + DEMO_DATE);

    System.out.println();
    System.out.println("== Ingest ==");
    for (TableOutcome t : ingest.tables()) {
      System.out.printf(
          "  %-17s read %,7d  loaded %,7d  quarantined %,4d  %s%n",
          t.table(), t.read(), t.loaded(), t.quarantined(), t.status());
    }
    Row s =
        l.scoredDate(Catalog.JSS_SCORES.name(), DEMO_DATE)
            .agg(
                count(lit(1)).as("n"),
                sum(when(col("eligible"), 1).otherwise(0)).as("eligible"),
                avg("jss").as("mean"),
                sum(when(col("jss_display").geq(90), 1).otherwise(0)).as("ninety"),
                sum(when(col("top_rated_ready"), 1).otherwise(0)).as("top"),
                sum(when(col("jss").notEqual(col("previous_jss")), 1).otherwise(0)).as("moved"))
            .head();
    System.out.println();
    System.out.println("== Job Success Score as of " + DEMO_DATE + " ==");
    System.out.printf(
        "  %d freelancers with contracts, %d with a score (mean %.1f), %d at 90 or more, %d Top Rated ready%n",
        s.getLong(0), s.getLong(1), s.isNullAt(2) ? 0.0 : s.getDouble(2), s.getLong(3), s.getLong(4), s.getLong(5));
    System.out.printf("  %d scores moved since %s%n", s.getLong(5), DEMO_DATE.minusDays(7));
    System.out.println("  points lost, by factor (all freelancers):");
    for (Row f :
        l.scoredDate(Catalog.JSS_FACTORS.name(), DEMO_DATE)
            .groupBy("factor")
            .agg(sum("points").as("points"), sum("contract_count").as("contracts"))
            .orderBy(desc("points"))
            .collectAsList()) {
      System.out.printf("    %-22s %9.1f points over %,d contracts%n", f.getString(0), f.getDouble(1), f.getLong(2));
    }
    if (l.exists(l.scoredPath(Catalog.INACTIVE_CONTRACTS.name()))) {
      System.out.println();
      System.out.println("== Inactive contracts (idle 30+ days) ==");
      for (Row a :
          l.scoredDate(Catalog.INACTIVE_CONTRACTS.name(), DEMO_DATE)
              .groupBy("recommended_action")
              .agg(
                  count(lit(1)).as("n"),
                  sum(when(col("stale"), 1).otherwise(0)).as("stale"),
                  sum(when(col("client_unresponsive"), 1).otherwise(0)).as("unresponsive"),
                  avg("projected_change").as("change"))
              .orderBy("recommended_action")
              .collectAsList()) {
        System.out.printf(
            "  %-27s %4d contracts (%d stale, %d with an unresponsive client), mean projected change %+.1f%n",
            a.getString(0), a.getLong(1), a.getLong(2), a.getLong(3), a.isNullAt(4) ? 0.0 : a.getDouble(4));
      }
    }
    if (l.exists(l.scoredPath(Catalog.REVIEW_CASES.name()))) {
      System.out.println();
      System.out.println("== Review queue for trust & safety (recommendations, never suspensions) ==");
      for (Row c :
          l.scoredDate(Catalog.REVIEW_CASES.name(), DEMO_DATE)
              .where(col("status").equalTo("OPEN"))
              .groupBy("detector")
              .agg(
                  count(lit(1)).as("n"),
                  sum(when(col("severity").equalTo("HIGH"), 1).otherwise(0)).as("high"))
              .orderBy(desc("n"), col("detector"))
              .collectAsList()) {
        System.out.printf("  %-18s %3d open cases (%d high)%n", c.getString(0), c.getLong(1), c.getLong(2));
      }
      List<Row> top =
          l.scoredDate(Catalog.REVIEW_CASES.name(), DEMO_DATE)
              .where(col("queue_rank").equalTo(1))
              .select("sentence")
              .collectAsList();
      if (!top.isEmpty()) {
        System.out.println("  top of the queue: " + top.get(0).getString(0));
      }
    }
    List<Row> example =
        l.scoredDate(Catalog.JSS_SCORES.name(), DEMO_DATE)
            .where(col("eligible").and(col("jss_display").lt(90)))
            .orderBy(org.apache.spark.sql.functions.abs(col("jss").minus(75)), col("freelancer_id"))
            .select("freelancer_id")
            .limit(1)
            .collectAsList();
    if (!example.isEmpty()) {
      String id = example.get(0).getString(0);
      System.out.println();
      System.out.println("== What freelancer " + id + " sees (jss explain --freelancer " + id + ") ==");
      System.out.print(ExplainJob.explain(l.reader(), id, DEMO_DATE, Explanation.Audience.FREELANCER, false, JssPolicy.defaults()));
    }
    System.out.println();
    System.out.println("Lake: " + lake + "  (try: ./jss explain --lake " + lake + " --freelancer ID)");
    return Main.OK;
  }

  private static void deleteLake(Path p) throws java.io.IOException {
    if (Files.exists(p)) {
      try (var walk = Files.walk(p)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
  }
}
