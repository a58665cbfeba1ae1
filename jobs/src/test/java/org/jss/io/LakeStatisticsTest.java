package org.jss.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.jss.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * Scored tables record Delta file statistics for their lookup column only (what data skipping uses), on
 * new tables and on tables an earlier release created with statistics on every column.
 */
class LakeStatisticsTest extends SparkTestBase {
  private static final LocalDate D1 = LocalDate.of(2026, 11, 15);
  private static final LocalDate D2 = LocalDate.of(2026, 11, 22);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Dataset<Row> factors(String... freelancers) {
    List<Row> rows = new ArrayList<>();
    for (String f : freelancers) {
      rows.add(RowFactory.create(f, "NEGATIVE_OUTCOMES", 12.5, 1L, new String[] {"c-" + f}));
    }
    return spark()
        .createDataFrame(rows, Catalog.JSS_FACTORS.schema())
        .withColumn(Catalog.RULES_NAME, functions.lit("default"))
        .withColumn(Catalog.RULES_VERSION, functions.lit("t"))
        .withColumn(Catalog.RUN_ID, functions.lit("run"));
  }

  /** The columns named in the min/max statistics of the data files that {@code version} added. */
  private static Set<String> statsColumnsOfCommit(Path table, long version) throws IOException {
    Set<String> cols = new TreeSet<>();
    Path commit = table.resolve("_delta_log").resolve(String.format("%020d.json", version));
    for (String line : Files.readAllLines(commit)) {
      JsonNode add = JSON.readTree(line).get("add");
      if (add != null && add.hasNonNull("stats")) {
        JsonNode stats = JSON.readTree(add.get("stats").asText());
        stats.path("minValues").fieldNames().forEachRemaining(cols::add);
        stats.path("maxValues").fieldNames().forEachRemaining(cols::add);
      }
    }
    return cols;
  }

  private static long newestVersion(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
          .max()
          .orElseThrow();
    }
  }

  @Test
  void newTableKeepsStatisticsForItsLookupColumnOnly() throws IOException {
    Lake lake = new Lake(spark(), tempDir("jss-stats").toString());
    lake.replaceDate(Catalog.JSS_FACTORS.name(), factors("f1", "f2"), D1);
    lake.replaceDate(Catalog.JSS_FACTORS.name(), factors("f1", "f3"), D2);
    Path table = Path.of(lake.scoredPath(Catalog.JSS_FACTORS.name()));
    assertEquals(Set.of("freelancer_id"), statsColumnsOfCommit(table, 0));
    assertEquals(Set.of("freelancer_id"), statsColumnsOfCommit(table, newestVersion(table)));
    // Data skipping by the lookup column still finds the row, and only that date's.
    List<Row> f3 = lake.reader().rows(Catalog.JSS_FACTORS.name(), D2, "freelancer_id", "f3");
    assertEquals(1, f3.size());
    assertTrue(lake.reader().rows(Catalog.JSS_FACTORS.name(), D1, "freelancer_id", "f3").isEmpty());
  }

  @Test
  void tableOfAnEarlierReleaseIsSwitchedOnItsNextWrite() throws IOException {
    Lake lake = new Lake(spark(), tempDir("jss-stats-old").toString());
    String path = lake.scoredPath(Catalog.JSS_FACTORS.name());
    // As releases before this one wrote it: Delta's default statistics, on every column.
    factors("f1", "f2")
        .withColumn(Lake.AS_OF_DATE, functions.lit(java.sql.Date.valueOf(D1)))
        .write()
        .format("delta")
        .partitionBy(Lake.AS_OF_DATE)
        .save(path);
    Path table = Path.of(path);
    assertTrue(statsColumnsOfCommit(table, 0).contains("factor"));
    assertFalse(lake.reader().tableProperty(path, Lake.STATS_COLUMNS).isPresent());

    lake.replaceDate(Catalog.JSS_FACTORS.name(), factors("f1", "f3"), D2);
    assertEquals("freelancer_id", lake.reader().tableProperty(path, Lake.STATS_COLUMNS).orElseThrow());
    assertEquals(Set.of("freelancer_id"), statsColumnsOfCommit(table, newestVersion(table)));
    // History intact: the earlier date's rows are still there.
    assertEquals(2, lake.scoredDate(Catalog.JSS_FACTORS.name(), D1).count());
    long before = newestVersion(table);
    lake.replaceDate(Catalog.JSS_FACTORS.name(), factors("f4"), D2);
    assertEquals(before + 1, newestVersion(table), "the property is set once, not on every write");
  }
}
