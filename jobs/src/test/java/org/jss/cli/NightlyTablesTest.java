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
    Path config = dir.resolve("pipeline.yaml");
    Files.writeString(config, "fees:\n  nightly:\n    enabled: true\nspark:\n  shuffle_partitions: 2\n");
    Path strict = dir.resolve("strict.yaml");
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
      String key =
          List.of(all.columns()).contains("freelancer_id") ? "freelancer_id"
              : List.of(all.columns()).contains("account_id") ? "account_id" : null;
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
}
