package org.jss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.jss.anomaly.AnomalyConfig;
import org.jss.base.RunFailure;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.ingest.IngestJob;
import org.jss.ingest.IngestResult;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.jss.io.SourceFiles;
import org.jss.io.TableSpec;
import org.jss.io.WriteConflict;
import org.jss.pipeline.NightlyJob;
import org.jss.scoring.JssWorkedExampleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs that overlap (issue 15): two nightlies of one date at once, an ingest committing while a nightly
 * runs, and the write that loses a race. Each run has its own Spark session (its own SQL settings, as a
 * second process would) on the suite's one Spark context; Delta's optimistic concurrency on the tables'
 * logs decides, as it does between processes.
 */
class ConcurrentRunsTest extends SparkTestBase {
  static final LocalDate NIGHT = LocalDate.parse("2026-11-22");

  /** The same marketplace scored by one nightly alone: what every overlap must end up equal to. */
  static Lake alone;

  @BeforeAll
  static void scoreOnce() {
    alone = marketplace("alone");
    NightlyJob.Result r = nightly(alone, m -> {});
    assertEquals(List.of("facts", "jss", "inactive"), r.stages().stream().map(NightlyJob.StageResult::stage).toList());
  }

  /**
   * A freelancer with a new poor outcome, a contract idle since August (inactive), a client sharing the
   * freelancer's device (anomalies): rows for every stage's tables.
   */
  static Lake marketplace(String name) {
    Lake lake = new Lake(spark().newSession(), tempDir("concurrent-" + name).resolve("lake").toString());
    Fixtures f = JssWorkedExampleTest.exampleWithNewPoorOutcome();
    f.account("cx", "CLIENT", "2024-01-01", "US")
        .contract("IDLE", "f1", "cx", "2026-08-01", null, null)
        .payment("pI", "IDLE", "2026-08-05", 200)
        .add(Schemas.ACCOUNT_SIGNALS, "cx", Fixtures.ts("2026-08-02"), "US", "dev-1", null)
        .add(Schemas.ACCOUNT_SIGNALS, "f1", Fixtures.ts("2026-08-03"), "US", "dev-1", null);
    for (TableSpec t : Schemas.ALL) {
      lake.append(lake.rawPath(t.name()), f.table(spark(), t));
    }
    return lake;
  }

  /**
   * The nightly of {@link #NIGHT} with the stages that read the raw tables and write the tables users
   * read most (facts, jss, inactive); the anomaly and fee stages write through the same path and would
   * only make the suite slower.
   */
  static NightlyJob.Result nightly(Lake lake, Consumer<String> progress) {
    NightlyStages wiring =
        new NightlyStages(JssPolicy.defaults(), AnomalyConfig.defaults(), PipelineConfig.defaults());
    return NightlyJob.run(
        lake, NIGHT, "nightly", wiring.select(List.of("jss", "inactive")), progress, wiring.smallLakeBytes());
  }

  /** One date's rows of a scored table without the run id, as sorted text (a multiset). */
  static List<String> rows(Lake lake, String table) {
    return lake.scoredDate(table, NIGHT).drop(Catalog.RUN_ID).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  /** The scored tables {@link #nightly} writes. */
  static List<String> nightlyTables() {
    return Catalog.SCORED.stream()
        .filter(t -> List.of("facts", "jss", "inactive").contains(t.owner()))
        .map(Catalog.Table::name)
        .toList();
  }

  /**
   * Two nightlies of one date started together on one lake: each either completes or fails naming the
   * conflict, at least one completes, and every table's date ends up whole, written by one run, with
   * the rows of a nightly that ran alone. {@code _runs} shows both attempts.
   */
  @Test
  void twoNightliesOfOneDateAtOnceLeaveTheTablesOfOneNightly() throws Exception {
    Lake shared = marketplace("shared");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<RuntimeException>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          pool.submit(
              () -> {
                Lake own = new Lake(spark().newSession(), shared.root());
                org.apache.spark.sql.SparkSession.setActiveSession(own.spark());
                start.await(1, TimeUnit.MINUTES);
                try {
                  nightly(own, m -> {});
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              }));
    }
    List<RuntimeException> outcomes = new ArrayList<>();
    for (Future<RuntimeException> f : runs) {
      outcomes.add(f.get(10, TimeUnit.MINUTES));
    }
    pool.shutdown();
    assertTrue(outcomes.stream().anyMatch(o -> o == null), "one of them completes: " + outcomes);
    for (RuntimeException e : outcomes) {
      if (e != null) {
        assertInstanceOf(RunFailure.class, e);
        assertInstanceOf(WriteConflict.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(Main.rootMessage(e).contains("another run wrote scored/"), Main.rootMessage(e));
      }
    }
    for (String t : nightlyTables()) {
      assertEquals(rows(alone, t), rows(shared, t), t);
      assertTrue(
          shared.scoredDate(t, NIGHT).select(Catalog.RUN_ID).distinct().count() <= 1,
          t + ": the date's rows come from one run");
    }
    List<Row> attempts =
        shared.read(shared.runsPath()).where(functions.col("outcome").equalTo("STARTED")).collectAsList();
    assertEquals(2, attempts.size(), "both attempts are in _runs");
  }

  /**
   * An ingest that commits while a nightly runs (here: between the nightly's facts and jss stages) loads
   * its rows, and changes nothing the nightly reads: the nightly's tables are those of the lake before
   * the ingest. The ingested row is a late report of work on the idle contract, dated before the night,
   * so the night would have seen it (in its later stages only) had it read the raw tables' newest versions.
   */
  @Test
  void anIngestDuringANightlyLoadsWithoutChangingWhatTheNightlyReads() throws Exception {
    Lake lake = marketplace("ingest-during");
    Map<String, Long> before = lake.rawVersions();
    Path source = tempDir("late-activity");
    Files.writeString(
        source.resolve("activity.csv"),
        "contract_id,occurred_at,actor,kind\nIDLE,2026-11-20T10:00:00Z,FREELANCER,TIME_LOG\n");
    List<IngestResult> ingested = new ArrayList<>();
    NightlyJob.Result night =
        nightly(
            lake,
            m -> {
              if (m.equals("stage jss: computing")) {
                Lake other = new Lake(spark().newSession(), lake.root());
                ingested.add(
                    IngestJob.run(
                        other,
                        IngestJob.Request.now(source.toString(), SourceFiles.Format.CSV, 0.0),
                        x -> {}));
              }
            });
    assertEquals(1, ingested.size(), "the ingest ran inside the night");
    assertEquals(1, ingested.get(0).tables().get(0).loaded(), ingested.get(0).toString());
    assertNotEquals(before.get("raw/activity"), lake.rawVersions().get("raw/activity"));
    Row started =
        lake.read(lake.runsPath())
            .where(functions.col("run_id").equalTo(night.runId()).and(functions.col("outcome").equalTo("STARTED")))
            .first();
    assertEquals(
        before.get("raw/activity"),
        started.<String, Long>getJavaMap(started.fieldIndex("input_versions")).get("raw/activity"),
        "_runs records the versions the night read");
    for (String t : nightlyTables()) {
      assertEquals(rows(alone, t), rows(lake, t), t + ": as if the ingest had come after the night");
    }
    // What an unpinned read would have seen: the late work, dated before the night.
    assertNotEquals(
        org.jss.io.Snapshot.of(lake, NIGHT, before).activity().count(),
        org.jss.io.Snapshot.of(lake, NIGHT, lake.rawVersions()).activity().count(),
        "the late work is visible to the night at the lake's versions after the ingest");
  }

  static volatile CountDownLatch writing;
  static volatile CountDownLatch release;

  /**
   * The write that loses a race: it started before another run's commit to the same date and would
   * commit after it. Delta refuses it, the loser gets a {@link WriteConflict} naming the table and date,
   * and the table holds the winner's rows only.
   */
  @Test
  void theWriteThatLosesARaceNamesTheConflictAndLeavesTheWinnersRows() throws Exception {
    Lake lake = new Lake(spark().newSession(), tempDir("race").resolve("lake").toString());
    Dataset<Row> winner = spark().range(3).select(functions.concat(functions.lit("w"), functions.col("id").cast("string")).as("x"));
    lake.replaceDate("race_probe", winner, NIGHT.minusDays(7)); // the table exists: a replace, not a create
    writing = new CountDownLatch(1);
    release = new CountDownLatch(1);
    UDF1<String, String> waitForTheOtherCommit =
        s -> {
          writing.countDown();
          if (!release.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("never released");
          }
          return s;
        };
    Dataset<Row> loser =
        spark()
            .range(1)
            .select(functions.udf(waitForTheOtherCommit, DataTypes.StringType).apply(functions.lit("l")).as("x"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> slow = pool.submit(() -> lake.replaceDate("race_probe", loser, NIGHT));
    assertTrue(writing.await(2, TimeUnit.MINUTES), "the slow write started");
    new Lake(spark().newSession(), lake.root()).replaceDate("race_probe", winner, NIGHT);
    release.countDown();
    Throwable e = assertThrows(java.util.concurrent.ExecutionException.class, () -> slow.get(2, TimeUnit.MINUTES)).getCause();
    pool.shutdown();
    assertInstanceOf(WriteConflict.class, e);
    assertTrue(e.getMessage().startsWith("another run wrote scored/race_probe for " + NIGHT), e.getMessage());
    assertEquals(
        List.of("w0", "w1", "w2"),
        lake.scoredDate("race_probe", NIGHT).select("x").orderBy("x").collectAsList().stream().map(r -> r.getString(0)).toList());
  }
}
