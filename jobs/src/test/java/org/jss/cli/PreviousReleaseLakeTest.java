package org.jss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.jss.CliRun;
import org.jss.SparkTestBase;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.junit.jupiter.api.Test;

/**
 * A lake written by an earlier release keeps working (issue 15): the fixture under
 * {@code src/test/resources/lakes/release-0.1.0} is a small lake this release wrote (see the README
 * there), kept as it is so that later releases are tested against it. A nightly for a new date under a
 * new policy version adds that date and leaves every earlier row, every earlier table version and every
 * earlier run record as it was (read by Delta time travel); the earlier dates still explain under the
 * policy they were made with.
 */
class PreviousReleaseLakeTest extends SparkTestBase {
  static final LocalDate NEW_NIGHT = LocalDate.parse("2026-11-29");

  @Test
  void aLakeOfAnEarlierReleaseTakesANewPolicyVersionWithItsHistoryIntact() throws Exception {
    Path fixture = Path.of(getClass().getResource("/lakes/release-0.1.0").toURI());
    Path dir = tempDir("previous-release");
    Path root = dir.resolve("lake");
    org.jss.TestFiles.copyTree(fixture, root);
    Lake lake = new Lake(spark(), root.toString());
    List<String> tables = lake.tables();
    assertTrue(tables.contains("scored/jss_scores") && tables.contains("raw/contracts"), tables.toString());
    // Before: every table's newest version; the rows (all columns, stamps included) of the tables a
    // nightly writes; the first version of two of them. Tables it does not write must get no commit.
    Map<String, Long> newest = new LinkedHashMap<>();
    Map<String, List<String>> rowsThen = new LinkedHashMap<>();
    Map<String, List<String>> firstRows = new LinkedHashMap<>();
    for (String t : tables) {
      long v = lake.version(lake.resolve(t));
      newest.put(t, v);
      if (written(t)) {
        rowsThen.put(t, rows(lake, t, v));
      }
      if (t.equals("scored/jss_scores") || t.equals("_runs")) {
        firstRows.put(t, rows(lake, t, 0));
      }
    }
    List<LocalDate> oldDates = lake.dates("jss_scores");
    assertEquals(List.of(LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-22")), oldDates);

    Path policy = dir.resolve("policy-2027.yaml");
    Files.writeString(policy, "version: \"2027.01\"\nformula: POSITIVE_SHARE\n");
    // The stages the policy governs (the others write through the same path and only cost suite time).
    assertEquals(
        0,
        Main.execute(
            "nightly", "--lake", root.toString(), "--as-of", NEW_NIGHT.toString(), "--policy", policy.toString(),
            "--stages", "jss,inactive"));

    for (String t : tables) {
      if (!written(t)) {
        assertEquals(newest.get(t), lake.version(lake.resolve(t)), t + ": no commit tonight");
        continue;
      }
      assertEquals(rowsThen.get(t), rows(lake, t, newest.get(t)), t + ": its version before tonight reads as it did");
      if (firstRows.containsKey(t)) {
        assertEquals(firstRows.get(t), rows(lake, t, 0), t + ": so does its first version");
      }
    }
    for (Catalog.Table t : Catalog.SCORED) {
      String path = lake.scoredPath(t.name());
      if (!lake.exists(path)) {
        continue;
      }
      // A column a later release added to the table reads as null on the dates written before it; the
      // columns the rows were written with must read as they did.
      List<String> then =
          List.of(
              lake.spark().read().format("delta").option("versionAsOf", newest.get("scored/" + t.name()))
                  .load(path).columns());
      var earlier =
          lake.read(path).where(functions.col(Lake.AS_OF_DATE).notEqual(functions.lit(java.sql.Date.valueOf(NEW_NIGHT))));
      List<String> oldDatesNow =
          earlier.select(then.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new))
              .collectAsList().stream().map(Row::toString).sorted().toList();
      assertEquals(rowsThen.get("scored/" + t.name()), oldDatesNow, t.name() + ": the earlier dates' rows are untouched");
      for (String added : earlier.columns()) {
        if (!then.contains(added)) {
          assertEquals(0, earlier.where(functions.col(added).isNotNull()).count(), t.name() + "." + added + ": null before it existed");
        }
      }
    }
    assertEquals(
        List.of("2026.11", "2026.11", "2027.01"),
        lake.read(lake.scoredPath("jss_scores")).select(Lake.AS_OF_DATE, Catalog.RULES_VERSION).distinct()
            .orderBy(Lake.AS_OF_DATE).collectAsList().stream().map(r -> r.getString(1)).toList(),
        "each date under the policy version it was made with");

    String someone =
        lake.scoredDate("jss_scores", oldDates.get(0)).select("freelancer_id").orderBy("freelancer_id").first().getString(0);
    CliRun old =
        CliRun.of("explain", "--lake", root.toString(), "--freelancer", someone, "--as-of", oldDates.get(0).toString());
    assertEquals(0, old.code(), old.err());
    assertTrue(old.out().contains("as of " + oldDates.get(0)), old.out());
    CliRun fresh =
        CliRun.of(
            "explain", "--lake", root.toString(), "--freelancer", someone, "--as-of", NEW_NIGHT.toString(),
            "--policy", policy.toString());
    assertEquals(0, fresh.code(), fresh.err());

    CliRun runs = CliRun.of("runs", "--lake", root.toString(), "--format", "json");
    assertEquals(0, runs.code(), runs.err());
    String[] attempts = runs.out().strip().split("\n");
    assertEquals(4, attempts.length, "the ingest, the two earlier nights and tonight: " + runs.out());
    assertTrue(attempts[3].contains("\"planned_stages\":[\"facts\",\"jss\",\"inactive\"]"), attempts[3]);
    for (String a : attempts) {
      assertTrue(a.contains("\"outcome\":\"SUCCEEDED\""), a);
    }
  }

  /** Whether a nightly writes the table (a scored table, or the run log). */
  private static boolean written(String table) {
    return (table.startsWith("scored/") && !table.equals("scored/data_quality")) || table.equals("_runs");
  }

  /** One version of a table (-1: the current one), rows as sorted text. */
  private static List<String> rows(Lake lake, String table, long version) {
    var reader = lake.spark().read().format("delta");
    if (version >= 0) {
      reader = reader.option("versionAsOf", version);
    }
    return reader.load(lake.resolve(table)).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
