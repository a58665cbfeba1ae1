package org.jss.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.base.UserError;
import org.jss.io.Lake;
import org.jss.io.SourceFiles.Format;
import org.junit.jupiter.api.Test;

class IngestJobTest extends SparkTestBase {
  private static final Instant NOW = Instant.parse("2026-03-05T00:00:00Z");

  private static final String ACCOUNTS_WITH_ONE_BAD_ROW_PER_RULE =
      """
      account_id,role,created_at,country,payment_verified,extra_col
      f1,FREELANCER,2025-01-01,US,true,ignored
      c1,CLIENT,2025-01-01T10:00:00Z,DE,"",ignored
      c1,CLIENT,2025-01-01T10:00:00Z,DE,,ignored
      a_missing,,2025-01-01,US,,
      a_unparsable,CLIENT,yesterday,US,,
      a_enum,ADMIN,2025-01-01,US,,
      a_country,CLIENT,2025-01-01,USA,,
      a_future,CLIENT,2999-01-01,US,,
      a_dup,CLIENT,2025-01-01,US,,
      a_dup,CLIENT,2025-02-01,US,,
      """;

  private static final String CONTRACTS =
      """
      contract_id,freelancer_id,client_id,contract_type,category,started_at,ended_at,ended_by,end_reason
      k1,f1,c1,HOURLY,dev,2025-03-01,2025-04-01,CLIENT,COMPLETED
      k2,f1,c1,FIXED,dev,2025-03-01,,,
      k_ended,f1,c1,FIXED,dev,2025-03-01,2025-02-01,CLIENT,COMPLETED
      k_ref,f1,nobody,FIXED,dev,2025-03-01,,,
      k_two,f1,c1,WEEKLY,dev,2999-01-01,,,
      """;

  private static final String PAYMENTS =
      """
      payment_id,contract_id,paid_at,amount_usd
      p1,k1,2025-03-15,100.50
      p2,k1,2025-03-16T08:00:00+02:00,-20
      p3,k1,2025-03-16,12.345
      """;

  private static final String FEEDBACK =
      """
      contract_id,given_by,submitted_at,public_rating,private_score
      k1,CLIENT,2025-04-02,4.5,8
      k1,FREELANCER,2025-04-02,5.0,
      k1,FREELANCER,2025-04-02,5.0,
      k1,CLIENT,2025-04-03,6.0,
      k2,FREELANCER,2025-04-03,,7
      """;

  private static Path source(Map<String, String> files) {
    Path dir = tempDir("ingest-src");
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static Path fullSource() {
    return source(
        Map.of(
            "accounts.csv", ACCOUNTS_WITH_ONE_BAD_ROW_PER_RULE,
            "contracts.csv", CONTRACTS,
            "payments.csv", PAYMENTS,
            "feedback.csv", FEEDBACK));
  }

  private static IngestResult ingest(Lake lake, Path src, double limit) {
    List<String> progress = new ArrayList<>();
    String codegen = spark().conf().get("spark.sql.codegen.wholeStage");
    IngestResult r =
        IngestJob.run(
            lake,
            new IngestJob.Request(src.toString(), Format.CSV, limit, "test-" + System.nanoTime(), NOW),
            progress::add);
    assertFalse(progress.isEmpty(), "progress lines are reported");
    // A few KB of input into a small lake: the small-lake settings, counted with the input, given back.
    assertTrue(
        progress.stream().anyMatch(l -> l.startsWith("small lake (") && l.contains("MB of input")),
        progress.toString());
    assertEquals(codegen, spark().conf().get("spark.sql.codegen.wholeStage"), "settings restored");
    // The attempt is in _runs under its ingest id, ended as the result says.
    org.jss.io.RunLog.Attempt attempt =
        org.jss.io.RunLog.attempts(lake.reader().runs()).stream()
            .filter(a -> a.runId().equals(r.ingestId()))
            .findFirst()
            .orElseThrow();
    assertEquals("ingest", attempt.command());
    assertEquals(r.ok() ? "SUCCEEDED" : "FAILED", attempt.outcome(), String.valueOf(attempt.message()));
    return r;
  }

  private static Lake newLake() {
    return new Lake(spark(), tempDir("ingest-lake").toString());
  }

  /** The rules listed for each quarantined row, by the value of its first column. */
  private static Map<String, Set<String>> quarantined(Lake lake, String table, String idColumn) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Row r : lake.read(lake.quarantinePath(table)).collectAsList()) {
      String id = r.getAs(idColumn);
      List<String> rules = r.getList(r.fieldIndex(IngestJob.Q_RULES));
      out.merge(id, new TreeSet<>(rules), (a, b) -> {
        a.addAll(b);
        return a;
      });
    }
    return out;
  }

  private static Set<String> ids(Dataset<Row> rows, String column) {
    return rows.select(column).collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void eachBadRowIsQuarantinedUnderItsRuleAndEveryGoodRowLoads() {
    Lake lake = newLake();
    IngestResult r = ingest(lake, fullSource(), 1.0);
    assertTrue(r.ok(), "limit 100% loads every table: " + r);

    assertEquals(
        Set.of("c1", "f1"), ids(lake.read(lake.rawPath("accounts")), "account_id"), "good accounts");
    assertEquals(
        Map.of(
            "a_missing", Set.of("MISSING_REQUIRED"),
            "a_unparsable", Set.of("UNPARSABLE"),
            "a_enum", Set.of("ENUM_OUT_OF_RANGE"),
            "a_country", Set.of("ENUM_OUT_OF_RANGE"),
            "a_future", Set.of("FUTURE_TIMESTAMP"),
            "a_dup", Set.of("DUPLICATE_KEY_CONFLICT")),
        quarantined(lake, "accounts", "account_id"));
    assertEquals(
        2L,
        lake.read(lake.quarantinePath("accounts")).where(col("account_id").equalTo("a_dup")).count(),
        "both rows of a conflicting key are quarantined");
    Row unparsable =
        lake.read(lake.quarantinePath("accounts"))
            .where(col("account_id").equalTo("a_unparsable"))
            .head();
    assertEquals("yesterday", unparsable.getAs("created_at"), "the original text is kept");
    assertTrue(
        ((String) unparsable.getAs(IngestJob.Q_SOURCE_FILE)).endsWith("accounts.csv"),
        "source file recorded: " + unparsable.getAs(IngestJob.Q_SOURCE_FILE));

    assertEquals(Set.of("k1", "k2"), ids(lake.read(lake.rawPath("contracts")), "contract_id"));
    assertEquals(
        Map.of(
            "k_ended", Set.of("ENDED_BEFORE_STARTED"),
            "k_ref", Set.of("UNKNOWN_REFERENCE"),
            "k_two", Set.of("ENUM_OUT_OF_RANGE", "FUTURE_TIMESTAMP")),
        quarantined(lake, "contracts", "contract_id"));

    assertEquals(Set.of("p1", "p2"), ids(lake.read(lake.rawPath("payments")), "payment_id"));
    assertEquals(Map.of("p3", Set.of("UNPARSABLE")), quarantined(lake, "payments", "payment_id"));
    Row p2 = lake.read(lake.rawPath("payments")).where(col("payment_id").equalTo("p2")).head();
    assertEquals(new java.math.BigDecimal("-20.00"), p2.getAs("amount_usd"));
    assertEquals(
        Instant.parse("2025-03-16T06:00:00Z"),
        ((java.sql.Timestamp) p2.getAs("paid_at")).toInstant(),
        "the +02:00 offset is honoured");

    assertEquals(
        2L, lake.read(lake.rawPath("feedback")).count(), "two good feedback rows, duplicate dropped");
    assertEquals(
        2L,
        lake.read(lake.quarantinePath("feedback"))
            .where(functionsArrayContains("RATING_OUT_OF_RANGE"))
            .count(),
        "a rating of 6 and a private score from a FREELANCER");

    TableOutcome accounts = r.tables().get(0);
    assertEquals("accounts", accounts.table());
    assertEquals(10, accounts.read());
    assertEquals(2, accounts.loaded());
    assertEquals(1, accounts.unchanged(), "the identical c1 duplicate is dropped silently");
    assertEquals(7, accounts.quarantined());
    assertEquals(2L, accounts.ruleCounts().get(Rule.DUPLICATE_KEY_CONFLICT));

    Row dq =
        lake.read(lake.scoredPath(IngestJob.DATA_QUALITY))
            .where(col("table_name").equalTo("contracts"))
            .head();
    assertEquals(5L, (long) dq.getAs("rows_read"));
    assertEquals(2L, (long) dq.getAs("rows_loaded"));
    assertEquals(3L, (long) dq.getAs("rows_quarantined"));
    assertEquals(1L, (long) dq.getAs("future_timestamp"));
    assertEquals(1L, (long) dq.getAs("unknown_reference"));
    assertEquals("LOADED", dq.getAs("status"));
  }

  private static org.apache.spark.sql.Column functionsArrayContains(String rule) {
    return org.apache.spark.sql.functions.array_contains(col(IngestJob.Q_RULES), rule);
  }

  @Test
  void ingestingTheSameFilesTwiceChangesNothing() {
    Lake lake = newLake();
    Path src = fullSource();
    ingest(lake, src, 1.0);
    Map<String, List<String>> before = snapshot(lake);
    IngestResult second = ingest(lake, src, 1.0);
    assertEquals(before, snapshot(lake), "raw and quarantine content after the second load");
    for (TableOutcome t : second.tables()) {
      assertEquals(0, t.loaded(), t.table() + ": nothing new on the second load");
    }
    assertEquals(
        2L,
        lake.read(lake.scoredPath(IngestJob.DATA_QUALITY)).select("ingest_id").distinct().count(),
        "data_quality records both ingests");
  }

  private static Map<String, List<String>> snapshot(Lake lake) {
    Map<String, List<String>> out = new HashMap<>();
    for (String t : List.of("accounts", "contracts", "payments", "feedback")) {
      out.put("raw/" + t, sortedRows(lake.read(lake.rawPath(t))));
      out.put(
          "quarantine/" + t,
          sortedRows(lake.read(lake.quarantinePath(t)).drop(IngestJob.Q_INGEST_ID, IngestJob.Q_INGESTED_AT)));
    }
    return out;
  }

  private static List<String> sortedRows(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void aChangedRowAgainstTheLakeIsAConflict() {
    Lake lake = newLake();
    ingest(
        lake,
        source(
            Map.of(
                "accounts.csv",
                "account_id,role,created_at,country\nf1,FREELANCER,2025-01-01,US\n"
                    + "c1,CLIENT,2025-01-01T10:00:00Z,DE\n")),
        1.0);
    Path changed =
        source(
            Map.of(
                "accounts.csv",
                """
                account_id,role,created_at,country
                f1,FREELANCER,2025-01-01,FR
                c1,CLIENT,2025-01-01T11:00:00+01:00,DE
                n1,CLIENT,2025-01-02,US
                """));
    IngestResult r = ingest(lake, changed, 1.0);
    TableOutcome t = r.tables().get(0);
    assertEquals(1, t.loaded(), "n1 is new");
    assertEquals(1, t.unchanged(), "c1 is the same instant written with an offset");
    assertEquals(1, t.quarantined(), "f1 changed country");
    assertEquals(Set.of("DUPLICATE_KEY_CONFLICT"), quarantined(lake, "accounts", "account_id").get("f1"));
    assertEquals(
        "US",
        lake.read(lake.rawPath("accounts")).where(col("account_id").equalTo("f1")).head().getAs("country"),
        "the lake keeps its row");
  }

  @Test
  void theBadRowLimitStopsATableAndSkipsTheTablesReferencingIt() {
    Lake lake = newLake();
    IngestResult r = ingest(lake, fullSource(), 0.05);
    assertFalse(r.ok());
    TableOutcome accounts = r.tables().get(0);
    assertEquals(TableOutcome.Status.REJECTED, accounts.status());
    assertTrue(
        accounts.message().contains("accounts")
            && accounts.message().contains("70.0%")
            && accounts.message().contains("5.0%"),
        accounts.message());
    assertFalse(lake.exists(lake.rawPath("accounts")), "no account row loaded");
    assertTrue(lake.exists(lake.quarantinePath("accounts")), "its bad rows are still inspectable");
    for (TableOutcome t : r.tables().subList(1, r.tables().size())) {
      assertEquals(TableOutcome.Status.SKIPPED, t.status(), t.table());
    }
    assertEquals(
        "REJECTED",
        lake.read(lake.scoredPath(IngestJob.DATA_QUALITY))
            .where(col("table_name").equalTo("accounts"))
            .head()
            .getAs("status"));
  }

  @Test
  void aMissingRequiredColumnNamesTheFileAndTheColumnAndLoadsNothing() {
    Lake lake = newLake();
    Path src =
        source(
            Map.of(
                "accounts.csv",
                "account_id,role,created_at,country\nf1,FREELANCER,2025-01-01,US\n",
                "contracts.csv",
                "contract_id,freelancer_id,client_id,contract_type,category\nk1,f1,c1,FIXED,dev\n"));
    UserError e = assertThrows(UserError.class, () -> ingest(lake, src, 0.05));
    assertTrue(
        e.getMessage().contains("contracts.csv") && e.getMessage().contains("'started_at'"),
        e.getMessage());
    assertFalse(lake.exists(lake.rawPath("accounts")), "no table loads when one file is unusable");
  }

  @Test
  void eventLogRowsWithEmptyOptionalValuesMergeOnce() {
    Lake lake = newLake();
    String accounts = "account_id,role,created_at,country\nf1,FREELANCER,2025-01-01,US\nc1,CLIENT,2025-01-01,US\n";
    String contracts =
        "contract_id,freelancer_id,client_id,contract_type,category,started_at\nk1,f1,c1,FIXED,dev,2025-03-01\n";
    String feedback = "contract_id,given_by,submitted_at,public_rating,private_score\n"
        + "k1,FREELANCER,2025-04-02,5.0,\n";
    ingest(lake, source(Map.of("accounts.csv", accounts, "contracts.csv", contracts, "feedback.csv", feedback)), 0.05);
    String more = feedback + "k1,CLIENT,2025-04-02,,9\n";
    IngestResult r = ingest(lake, source(Map.of("feedback.csv", more)), 0.05);
    TableOutcome fb = r.tables().get(0);
    assertEquals(1, fb.loaded(), "only the client's row is new");
    assertEquals(1, fb.unchanged(), "the freelancer's row is already in the lake");
    assertEquals(2L, lake.read(lake.rawPath("feedback")).count(), "raw feedback after the merge");
  }

  @Test
  void eventLogsMeetHistoryByFingerprintAndTimeAndRowsStoredWithoutOneByValue() {
    Lake lake = newLake();
    String accounts = "account_id,role,created_at,country\nf1,FREELANCER,2025-01-01,US\n";
    String header = "account_id,detector,decided_at,decision\n";
    String cleared = "f1,SELF_DEALING,2025-05-01T10:00:00Z,CLEARED\n";
    ingest(lake, source(Map.of("accounts.csv", accounts, "review_decisions.csv", header + cleared)), 0.05);
    // The review console appends without Spark: its rows carry no fingerprint.
    org.jss.io.ReviewDecisionLog log =
        new org.jss.io.ReviewDecisionLog(lake.root(), new org.apache.hadoop.conf.Configuration());
    lake.addColumns(log.path(), log.missingColumns());
    log.append(
        new org.jss.io.ReviewDecisionLog.Decision(
            "d-1", "f1", "MULTI_ACCOUNT", Instant.parse("2025-06-01T09:30:00Z"), "WARNED", "alice", ""));
    // A later export of every decision, and a new one at the same time as the first.
    String export =
        header + cleared + "f1,MULTI_ACCOUNT,2025-06-01T09:30:00+00:00,WARNED\n"
            + "f1,SELF_DEALING,2025-05-01T10:00:00Z,WARNED\n";
    Path src = source(Map.of("review_decisions.csv", export));
    TableOutcome t = ingest(lake, src, 0.05).tables().get(0);
    assertEquals(2, t.unchanged(), "the ingested row by its fingerprint, the console's by its values");
    assertEquals(1, t.loaded(), "same account, detector and time, another decision: a new event");
    assertEquals(3L, lake.read(lake.rawPath("review_decisions")).count());
    assertEquals(
        0L,
        lake.read(lake.rawPath("review_decisions"))
            .where(col(org.jss.io.RowHash.COLUMN).isNull().and(col("reviewer").isNull()))
            .count(),
        "every row ingest appended carries its fingerprint");

    // History is read for fingerprints and times, from the input's oldest time on (a literal bound, which
    // Delta's file statistics skip by); values only where a row has no fingerprint.
    org.jss.io.TableSpec spec = org.jss.io.Schemas.REVIEW_DECISIONS;
    Dataset<Row> rows =
        org.jss.io.SourceFiles.open(spark(), src.resolve("review_decisions.csv").toString(), Format.CSV, spec);
    Dataset<Row> events = Validation.perKey(spec, Validation.narrow(spec, Validation.parse(spec, rows, NOW)));
    String plan =
        Validation.againstLake(
                spec, events, Validation.eventsSinceOldest(spec, events, lake.rawKeyHashes(spec)))
            .queryExecution()
            .executedPlan()
            .toString();
    assertTrue(
        plan.contains("ReadSchema: struct<decided_at:timestamp,_row_hash:bigint>"),
        "the fingerprint side reads two columns of history:\n" + plan);
    assertTrue(
        plan.contains("GreaterThanOrEqual(decided_at,"),
        "history from the input's oldest decision on:\n" + plan);
  }

  @Test
  void jsonAndParquetInputsLoadLikeCsv() {
    Lake lake = newLake();
    Path json =
        source(
            Map.of(
                "accounts.json",
                """
                {"account_id":"f1","role":"FREELANCER","created_at":"2025-01-01","country":"US","payment_verified":true}
                {"account_id":"c1","role":"CLIENT","created_at":"2025-01-01T12:00:00+02:00","country":"DE"}
                {"account_id":"c2","role":"CLIENT","created_at":"soon","country":"DE"}
                """));
    IngestResult fromJson =
        IngestJob.run(
            lake, new IngestJob.Request(json.toString(), Format.JSON, 1.0, "json", NOW), s -> {});
    assertEquals(2, fromJson.tables().get(0).loaded(), "json: " + fromJson);
    assertEquals(Map.of("c2", Set.of("UNPARSABLE")), quarantined(lake, "accounts", "account_id"));
    assertEquals(
        true,
        lake.read(lake.rawPath("accounts")).where(col("account_id").equalTo("f1")).head().getAs(
            "payment_verified"));

    // The raw table itself, written as parquet, is the same rows: loading it changes nothing.
    Path parquet = tempDir("ingest-parquet");
    lake.read(lake.rawPath("accounts"))
        .write()
        .parquet(parquet.resolve("accounts").toString());
    IngestResult fromParquet =
        IngestJob.run(
            lake,
            new IngestJob.Request(parquet.toString(), Format.PARQUET, 0.05, "parquet", NOW),
            s -> {});
    TableOutcome t = fromParquet.tables().get(0);
    assertEquals(2, t.read());
    assertEquals(2, t.unchanged(), "typed parquet values compare equal to the lake's: " + t);
    assertEquals(0, t.quarantined(), "parquet: " + t);
  }
}
