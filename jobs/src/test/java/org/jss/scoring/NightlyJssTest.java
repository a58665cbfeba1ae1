package org.jss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.facts.FactsStage;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.jss.io.TableSpec;
import org.jss.pipeline.NightlyJob;
import org.jss.reporting.ExplainJob;
import org.jss.reporting.Explanation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jss stage through the nightly runner on a lake: re-runs, changes, explanations and privacy. */
class NightlyJssTest extends SparkTestBase {
  static final LocalDate D1 = LocalDate.parse("2026-11-15");
  static final LocalDate D2 = LocalDate.parse("2026-11-22");
  static Lake lake;

  @BeforeAll
  static void setUp() {
    lake = new Lake(spark(), tempDir("nightly-jss").toString());
    // A new poor outcome between the two runs and a private-only contract, to exercise changes and privacy.
    Fixtures f = JssWorkedExampleTest.exampleWithNewPoorOutcome();
    f.account("cp", "CLIENT", "2024-01-01", "US")
        .contract("P", "f1", "cp", "2026-09-01", "2026-09-10", "COMPLETED")
        .payment("pP", "P", "2026-09-09", 100)
        .clientFeedback("P", "2026-09-10", null, 5.0);
    // Loaded later but dated after D2: must not change D2.
    f.contract("Z", "f1", "ch", "2026-11-23", "2026-11-24", "QUALITY_ISSUES");
    for (TableSpec t : Schemas.ALL) {
      lake.append(lake.rawPath(t.name()), f.table(spark(), t));
    }
    run(D1);
    run(D2);
  }

  static NightlyJob.Result run(LocalDate d) {
    JssPolicy p = JssPolicy.defaults();
    return NightlyJob.run(lake, d, "nightly", List.of(new FactsStage(p), new JssStage(p)), m -> {});
  }

  static Row score(LocalDate d) {
    return lake.scoredDate(Catalog.JSS_SCORES.name(), d).where("freelancer_id = 'f1'").head();
  }

  @Test
  void changesSumToTheScoreChange() {
    Row now = score(D2);
    double jss = now.getAs("jss");
    double prev = now.getAs("previous_jss");
    assertEquals(score(D1).<Double>getAs("jss"), prev, 1e-12, "previous_jss is the D1 score");
    double sum =
        lake.scoredDate(Catalog.JSS_CHANGES.name(), D2).where("freelancer_id = 'f1'").collectAsList().stream()
            .mapToDouble(r -> r.<Double>getAs("change"))
            .sum();
    assertEquals(jss - prev, sum, 1e-9);
    List<Row> h =
        lake.scoredDate(Catalog.JSS_CHANGES.name(), D2).where("contract_id = 'H'").collectAsList();
    assertEquals(1, h.size());
    assertEquals("NEW_OUTCOME", h.get(0).getAs("cause"));
  }

  @Test
  void rerunningADateGivesIdenticalRows() {
    Dataset<Row> before = lake.scoredDate(Catalog.JSS_CONTRACT_OUTCOMES.name(), D2).drop("run_id");
    Dataset<Row> scoresBefore = lake.scoredDate(Catalog.JSS_SCORES.name(), D2).drop("run_id");
    List<Row> b1 = before.orderBy("contract_id").collectAsList();
    List<Row> s1 = scoresBefore.orderBy("freelancer_id").collectAsList();
    run(D2);
    assertEquals(b1, lake.scoredDate(Catalog.JSS_CONTRACT_OUTCOMES.name(), D2).drop("run_id").orderBy("contract_id").collectAsList());
    assertEquals(s1, lake.scoredDate(Catalog.JSS_SCORES.name(), D2).drop("run_id").orderBy("freelancer_id").collectAsList());
    assertEquals(1L, lake.scoredDate(Catalog.JSS_SCORES.name(), D2).count(), "a re-run replaces, never appends");
  }

  @Test
  void freelancerFacingOutputsNeverShowPrivateDependentContracts() {
    Row e = lake.scoredDate(Catalog.JSS_CONTRACT_OUTCOMES.name(), D2).where("contract_id = 'E'").head();
    assertTrue(e.<Boolean>getAs("private_dependent"));
    List<String> texts = new java.util.ArrayList<>();
    for (Row r : lake.scoredDate(Catalog.JSS_EXPLANATIONS.name(), D2).collectAsList()) {
      texts.add(r.getAs("text"));
      texts.add(r.getAs("json"));
    }
    for (Explanation.Audience a : List.of(Explanation.Audience.FREELANCER)) {
      texts.add(ExplainJob.explain(lake.reader(), "f1", D2, a, false, JssPolicy.defaults()));
      texts.add(ExplainJob.explain(lake.reader(), "f1", D2, a, true, JssPolicy.defaults()));
    }
    for (Row r : lake.scoredDate(Catalog.JSS_FACTORS.name(), D2).collectAsList()) {
      texts.add(r.toString());
    }
    for (String t : texts) {
      // Contracts E (private 7) and P (private only) are private-dependent: no id, client or date.
      for (String secret :
          List.of("\\bE\\b", "\\bce\\b", "2026-04-02", "\\bP\\b", "\\bcp\\b", "2026-09-10", "private_score\"", "7\\.0")) {
        assertFalse(
            java.util.regex.Pattern.compile(secret).matcher(t).find(),
            "freelancer-facing output shows '" + secret + "':\n" + t);
      }
    }
    String internal = ExplainJob.explain(lake.reader(), "f1", D2, Explanation.Audience.INTERNAL, false, JssPolicy.defaults());
    assertTrue(internal.contains("E client ce"), internal);
  }

  @Test
  void explanationReadsLikeTheSpec() {
    String text = ExplainJob.explain(lake.reader(), "f1", D2, Explanation.Audience.FREELANCER, false, JssPolicy.defaults());
    assertTrue(text.contains("ended without earnings: contract B (ended 2026-08-12)"), text);
    assertTrue(text.contains("contract C (ended 2026-07-01) - client unresponsive"), text);
    assertTrue(text.contains("Private feedback:"), text);
    assertTrue(text.contains("Since 2026-11-15:"), text);
  }

  @Test
  void explainSaysWhatExistsForAnUnknownFreelancerOrDate() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    picocli.CommandLine cl = org.jss.cli.Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int code = cl.execute("explain", "--lake", lake.root(), "--freelancer", "nobody", "--as-of", D2.toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("'nobody' has no score as of 2026-11-22"), err.toString());
    assertTrue(err.toString().contains("f1"), "names scored freelancers: " + err);
    err.reset();
    code = cl.execute("explain", "--lake", lake.root(), "--freelancer", "f1", "--as-of", "2026-01-01");
    assertEquals(2, code);
    assertTrue(err.toString().contains("runs exist for: 2026-11-15, 2026-11-22"), err.toString());
  }

  @Test
  void eventsDatedAfterTheRunDateChangeNothing() {
    assertTrue(
        lake.scoredDate(Catalog.JSS_CONTRACT_OUTCOMES.name(), D2).where("contract_id = 'Z'").isEmpty(),
        "a contract starting after D does not exist for the run");
  }

  @Test
  void theNightsContractFactsAreWrittenOnceAndStampedWithTheRun() {
    List<Row> facts = lake.scoredDate(Catalog.CONTRACT_FACTS.name(), D2).collectAsList();
    // The worked example's seven contracts plus H and P; Z starts after D2 and does not exist yet.
    assertEquals(9, facts.size());
    String runId = score(D2).getAs("run_id");
    assertTrue(facts.stream().allMatch(r -> runId.equals(r.getAs("run_id"))), "same run as the scores");
    assertTrue(facts.stream().allMatch(r -> "default".equals(r.getAs("policy_name"))), "policy stamp");
    Row h = facts.stream().filter(r -> "H".equals(r.getAs("contract_id"))).findFirst().orElseThrow();
    assertEquals(40_000L, h.<Long>getAs("earnings_cents"));
    assertEquals(3.5, h.<Double>getAs("public_rating"), 0.0);
  }

  @Test
  void stageRunsAFixedSmallNumberOfSparkJobs() throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener l =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart e) {
            jobs.incrementAndGet();
          }
        };
    // In-memory inputs: reading Delta runs jobs of its own (log replay) that are not the stage's. The
    // stage reads the night's contract facts, written before it: materialized here first.
    var snap = JssWorkedExampleTest.example().snapshot(spark(), D2);
    var facts = org.jss.facts.ContractFacts.compute(snap, JssPolicy.defaults()).localCheckpoint();
    spark().sparkContext().listenerBus().waitUntilEmpty();
    spark().sparkContext().addSparkListener(l);
    try {
      var out = JssStage.compute(facts, snap, JssPolicy.defaults(), null, null);
      int planning = jobs.get();
      assertEquals(0, planning, "building the stage's tables runs no Spark job (no hidden action)");
      for (var table : out.values()) {
        table.write().format("noop").mode("overwrite").save();
      }
      spark().sparkContext().listenerBus().waitUntilEmpty();
      int shuffles = 0;
      for (var table : out.values()) {
        String plan = table.queryExecution().executedPlan().toString();
        shuffles += plan.split("Exchange hashpartitioning", -1).length - 1;
      }
      System.out.println(
          "jss stage: " + jobs.get() + " Spark jobs and " + shuffles + " shuffle exchanges for "
              + out.size() + " tables");
      assertTrue(jobs.get() <= 2 * out.size(), "at most 2 jobs per table, ran " + jobs.get());
    } finally {
      spark().sparkContext().removeSparkListener(l);
      spark().catalog().clearCache();
    }
  }
}
