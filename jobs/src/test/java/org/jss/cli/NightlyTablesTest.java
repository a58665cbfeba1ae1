package org.jss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jss.SparkTestBase;
import org.jss.anomaly.AnomalyConfig;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.jss.io.TableSpec;
import org.jss.scoring.JssWorkedExampleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole nightly (every stage, fees on, after a scores-only night) through the command: every scored table of the catalog is
 * written with exactly the catalog's columns, and each table's rows carry the rules of the stage that
 * made them.
 */
class NightlyTablesTest extends SparkTestBase {
  static Lake lake;
  /** The nights' settings: fees on, two shuffle partitions; a stricter DISPUTE_RATE (other rules). */
  static Path config;

  static Path strict;

  @BeforeAll
  static void setUp() throws Exception {
    Path dir = tempDir("nightly-tables");
    lake = new Lake(spark(), dir.resolve("lake").toString());
    // Something for every table: a new poor outcome between the two nights (jss_changes), a contract
    // idle since August (inactive_*), and a client who shares the freelancer's device (anomalies).
    var f = JssWorkedExampleTest.exampleWithNewPoorOutcome();
    f.account("cx", "CLIENT", "2024-01-01", "US")
        .contract("IDLE", "f1", "cx", "2026-08-01", null, null)
        .payment("pI", "IDLE", "2026-08-05", 200)
        .add(Schemas.ACCOUNT_SIGNALS, "cx", org.jss.Fixtures.ts("2026-08-02"), "US", "dev-1", null)
        .add(Schemas.ACCOUNT_SIGNALS, "f1", org.jss.Fixtures.ts("2026-08-03"), "US", "dev-1", null);
    for (TableSpec t : Schemas.ALL) {
      lake.append(lake.rawPath(t.name()), f.table(spark(), t));
    }
    config = dir.resolve("pipeline.yaml");
    Files.writeString(config, "fees:\n  nightly:\n    enabled: true\nspark:\n  shuffle_partitions: 2\n");
    strict = dir.resolve("strict.yaml");
    Files.writeString(strict, "dispute_rate:\n  fdr: 0.01\n");
    // The week before, the scores only: tonight's changes need a previous run.
    assertEquals(
        0,
        Main.execute(
            "nightly", "--lake", lake.root(), "--as-of", "2026-11-15", "--stages", "jss", "--config",
            config.toString()));
    assertEquals(
        0,
        Main.execute(
            "nightly", "--lake", lake.root(), "--as-of", "2026-11-22", "--config", config.toString(),
            "--anomaly-config", strict.toString()));
  }

  private static Map<String, String> types(StructType s) {
    return java.util.Arrays.stream(s.fields())
        .collect(
            Collectors.toMap(
                StructField::name, x -> x.dataType().simpleString(), (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  @Test
  void everyCatalogTableIsWrittenWithExactlyItsColumns() {
    for (Catalog.Table t : Catalog.SCORED) {
      assertTrue(lake.exists(lake.scoredPath(t.name())), t.name() + " written");
      StructType written = lake.read(lake.scoredPath(t.name())).schema();
      assertEquals(types(t.writtenSchema()), types(written), t.name());
    }
  }

  @Test
  void eachTableCarriesTheRulesOfTheStageThatMadeIt() {
    String defaultThresholds = AnomalyConfig.defaults().rules().version();
    for (Catalog.Table t : Catalog.SCORED) {
      Dataset<Row> rows = lake.scoredDate(t.name(), java.time.LocalDate.parse("2026-11-22"));
      List<Row> stamps =
          rows.select(Catalog.RULES_NAME, Catalog.RULES_VERSION, Catalog.RUN_ID).distinct().collectAsList();
      assertEquals(1, stamps.size(), t.name() + ": rows tonight, from one run, under one set of rules");
      String name = stamps.get(0).getString(0);
      String expected =
          switch (t.owner()) {
            case "facts", "jss", "inactive" -> "default";
            case "anomalies" -> "default+strict";
            case "fees" -> "fees:flat-10-2023..variable-2025";
            default -> throw new AssertionError("unknown owner " + t.owner());
          };
      assertEquals(expected, name, t.name());
      if (t.owner().equals("anomalies")) {
        assertTrue(!stamps.get(0).getString(1).equals(defaultThresholds), "changed thresholds, another version");
      }
    }
  }

  /**
   * The reader without Spark (explain, the previous run's date) sees what Spark sees: every scored
   * table's dates, and for every freelancer or account of a night exactly Spark's rows, value for value in
   * Spark's own types (dates, timestamps, decimals, arrays of structs).
   */
  @Test
  void kernelReaderGivesSparksRowsForEveryScoredTable() {
    java.time.LocalDate night = java.time.LocalDate.parse("2026-11-22");
    int compared = 0;
    for (Catalog.Table t : Catalog.SCORED) {
      Dataset<Row> all = lake.read(lake.scoredPath(t.name()));
      List<java.time.LocalDate> dates =
          all.select(Lake.AS_OF_DATE).distinct().orderBy(Lake.AS_OF_DATE).collectAsList().stream()
              .map(r -> r.getDate(0).toLocalDate())
              .toList();
      assertEquals(dates, lake.reader().dates(t.name()), t.name() + " dates");
      String key = t.lookupColumn().orElse(null);
      if (key == null) {
        continue;
      }
      Dataset<Row> day = lake.scoredDate(t.name(), night);
      for (Row k : day.select(key).distinct().collectAsList()) {
        String id = k.getString(0);
        List<Row> spark =
            new java.util.ArrayList<>(day.where(org.apache.spark.sql.functions.col(key).equalTo(id)).collectAsList());
        List<Row> kernel = lake.reader().rows(t.name(), night, key, id);
        assertEquals(spark.size(), kernel.size(), t.name() + " " + id + " rows");
        for (Row r : kernel) {
          Row same = spark.stream().filter(r::equals).findFirst().orElse(null);
          assertTrue(same != null, t.name() + ": Spark has no row equal to " + r + " among " + spark);
          spark.remove(same);
          assertEquals(List.of(day.columns()), List.of(r.schema().fieldNames()), t.name() + " columns");
          for (int i = 0; i < r.size(); i++) {
            if (!r.isNullAt(i) && !(r.get(i) instanceof scala.collection.Iterable<?>)) {
              assertEquals(same.get(i).getClass(), r.get(i).getClass(), t.name() + "." + day.columns()[i]);
            }
          }
          compared++;
        }
      }
    }
    assertTrue(compared > 20, "rows compared: " + compared);
  }

  /**
   * {@code runs} lists both nights as attempts that ran every stage they planned, with each stage's
   * rows, from the {@code _runs} rows the runner wrote (one STARTED row, then one per stage).
   */
  @Test
  void runsListsBothNightsAsSucceededAttempts() throws Exception {
    org.jss.CliRun r = org.jss.CliRun.of("runs", "--lake", lake.root(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    List<com.fasterxml.jackson.databind.JsonNode> runs = new java.util.ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      runs.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
    }
    assertEquals(2, runs.size(), r.out());
    assertEquals("2026-11-15", runs.get(0).get("as_of_date").asText());
    assertEquals("[\"facts\",\"jss\"]", runs.get(0).get("planned_stages").toString());
    assertEquals(
        "[\"facts\",\"jss\",\"inactive\",\"anomalies\",\"fees\"]",
        runs.get(1).get("planned_stages").toString());
    for (var run : runs) {
      assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
      assertEquals(run.get("planned_stages").size(), run.get("stages").size());
      assertTrue(run.get("stages").get(1).get("rows_written").asLong() > 0, "jss wrote rows");
    }
    org.jss.CliRun text = org.jss.CliRun.of("runs", "--lake", lake.root(), "--last", "1");
    assertTrue(text.out().contains("nightly 2026-11-22  SUCCEEDED"), text.out());
    assertTrue(!text.out().contains("2026-11-15"), "--last 1 shows the newest attempt only");
  }

  /**
   * Re-running a date after later rows were loaded gives every scored table of that date the same rows
   * (point in time, SPEC section 4): a new client and contract, its payment and feedback, feedback and a
   * dispute on an old contract, work on the idle contract, a shared device and a decision, all dated
   * after the night. On a copy of the lake, so the other tests see it as the two nights left it.
   */
  @Test
  void rerunningTheNightAfterLaterRowsGivesTheSameTables() throws Exception {
    java.time.LocalDate night = java.time.LocalDate.parse("2026-11-22");
    Path copy = tempDir("nightly-rerun").resolve("lake");
    org.jss.TestFiles.copyTree(Path.of(lake.root()), copy);
    Lake rerun = new Lake(spark(), copy.toString());
    Map<String, List<String>> before = new java.util.LinkedHashMap<>();
    for (Catalog.Table t : Catalog.SCORED) {
      before.put(t.name(), rowsOf(rerun, t, night));
    }
    var later = new org.jss.Fixtures();
    later
        .account("cz", "CLIENT", "2026-11-24", "US")
        .contract("LATE", "f1", "cz", "2026-11-24", "2026-11-30", "COMPLETED")
        .payment("pL", "LATE", "2026-11-25", 500)
        .clientFeedback("LATE", "2026-11-30", 5.0, 10.0)
        .freelancerFeedback("A", "2026-11-26", 1.0)
        .dispute("dL", "A", "2026-11-25", null, "OPEN")
        .activity("IDLE", "2026-11-24", "FREELANCER", "TIME_LOG")
        .add(Schemas.ACCOUNT_SIGNALS, "cz", org.jss.Fixtures.ts("2026-11-25"), "US", "dev-1", null)
        .decision("f1", "SELF_DEALING", "2026-11-25", "WARNED");
    for (TableSpec t : Schemas.ALL) {
      rerun.append(rerun.rawPath(t.name()), later.table(spark(), t));
    }
    assertEquals(
        0,
        Main.execute(
            "nightly", "--lake", rerun.root(), "--as-of", night.toString(), "--config", config.toString(),
            "--anomaly-config", strict.toString()));
    for (Catalog.Table t : Catalog.SCORED) {
      assertEquals(before.get(t.name()), rowsOf(rerun, t, night), t.name() + " after the rerun");
    }
  }

  /** One date's rows of a scored table, without the run id, as sorted text (a multiset). */
  private static List<String> rowsOf(Lake l, Catalog.Table t, java.time.LocalDate d) {
    return l.scoredDate(t.name(), d).drop(Catalog.RUN_ID).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }
}
