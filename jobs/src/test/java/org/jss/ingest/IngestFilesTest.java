package org.jss.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.base.UserError;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.jss.io.SourceFiles.Format;
import org.junit.jupiter.api.Test;

/**
 * The files a marketplace's nightly export really contains: empty tables on a quiet night, and files
 * that are broken in the ways files break. Each either quarantines its bad rows with their rule while
 * the rest loads, or stops the ingest with a message naming the file before anything loads, leaving the
 * lake's files byte for byte as they were.
 */
class IngestFilesTest extends SparkTestBase {
  private static final Instant NOW = Instant.parse("2026-03-05T00:00:00Z");
  private static final String ACCOUNTS_HEADER = "account_id,role,created_at,country,payment_verified\n";
  private static final String ACCOUNTS =
      ACCOUNTS_HEADER + "f1,FREELANCER,2025-01-01,US,true\nc1,CLIENT,2025-01-02,DE,\n";
  private static final String CONTRACTS_HEADER =
      "contract_id,freelancer_id,client_id,contract_type,category,started_at,ended_at,ended_by,end_reason\n";

  private static Path dir(Map<String, byte[]> files) {
    Path d = tempDir("ingest-files");
    try {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path p = d.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static IngestResult ingest(Lake lake, Path src, Format format) {
    return IngestJob.run(
        lake,
        new IngestJob.Request(src.toString(), format, 1.0, "t-" + System.nanoTime(), NOW),
        s -> {});
  }

  private static Lake lakeWithAccounts() {
    Lake lake = new Lake(spark(), tempDir("ingest-files-lake").toString());
    ingest(lake, dir(Map.of("accounts.csv", utf8(ACCOUNTS))), Format.CSV);
    return lake;
  }

  private static TableOutcome outcome(IngestResult r, String table) {
    return r.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow(
        () -> new AssertionError(table + " not in " + r));
  }

  /** Every file under the lake with its SHA-256: "byte for byte as it was". */
  private static Map<String, String> digest(Lake lake) {
    Map<String, String> out = new TreeMap<>();
    Path root = Path.of(lake.root());
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(p).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** The ingest fails with a message containing each of {@code expected}, and the lake is untouched. */
  private static void refused(Lake lake, Path src, Format format, String... expected) {
    Map<String, String> before = digest(lake);
    UserError e = assertThrows(UserError.class, () -> ingest(lake, src, format));
    for (String s : expected) {
      assertTrue(e.getMessage().contains(s), "message names '" + s + "': " + e.getMessage());
    }
    assertEquals(before, digest(lake), "the lake is byte for byte what it was");
  }

  private static List<String> rawValues(Lake lake, String table, String column) {
    List<String> out = new ArrayList<>();
    for (Row r : lake.read(lake.rawPath(table)).orderBy(column).select(column).collectAsList()) {
      out.add(r.get(0) == null ? null : r.get(0).toString());
    }
    return out;
  }

  @Test
  void emptyInputsInEveryFormLoadZeroRowsAndSayZeroRead() throws IOException {
    Lake lake = lakeWithAccounts();
    Path parquetSrc = tempDir("empty-parquet");
    spark()
        .createDataFrame(List.of(), Schemas.DISPUTES.sparkSchema())
        .write()
        .parquet(parquetSrc.resolve("disputes").toString());
    Files.createDirectories(parquetSrc.resolve("feedback"));
    Map<String, Object[]> cases =
        Map.of(
            "header-only csv", new Object[] {dir(Map.of("disputes.csv", utf8("dispute_id,contract_id,opened_by,opened_at,closed_at,outcome,amount_usd\n"))), Format.CSV},
            "zero-byte csv", new Object[] {dir(Map.of("disputes.csv", new byte[0])), Format.CSV},
            "empty json lines", new Object[] {dir(Map.of("disputes.json", new byte[0])), Format.JSON},
            "blank json lines", new Object[] {dir(Map.of("disputes.json", utf8("\n\n"))), Format.JSON},
            "parquet without rows, empty parquet folder", new Object[] {parquetSrc, Format.PARQUET});
    for (Map.Entry<String, Object[]> c : cases.entrySet()) {
      IngestResult r = ingest(lake, (Path) c.getValue()[0], (Format) c.getValue()[1]);
      TableOutcome t = outcome(r, "disputes");
      assertEquals(TableOutcome.Status.LOADED, t.status(), c.getKey() + ": " + t);
      assertEquals(0, t.read(), c.getKey());
      assertEquals(0, t.loaded(), c.getKey());
      assertTrue(r.ok(), c.getKey() + ": " + r);
      Row dq =
          lake.read(lake.scoredPath(IngestJob.DATA_QUALITY))
              .where(col("ingest_id").equalTo(r.ingestId()).and(col("table_name").equalTo("disputes")))
              .head();
      assertEquals(0L, (long) dq.getAs("rows_read"), c.getKey());
      assertEquals("LOADED", dq.getAs("status"), c.getKey());
    }
    IngestResult folder = ingest(lake, parquetSrc, Format.PARQUET);
    assertEquals(0, outcome(folder, "feedback").read(), "an empty folder is an empty table");
    assertEquals(
        List.of("feedback", "disputes"),
        folder.tables().stream().map(TableOutcome::table).toList(),
        "a table with no input is not in the ingest");
    assertEquals(2L, lake.read(lake.rawPath("accounts")).count(), "the accounts are untouched");
  }

  @Test
  void aTruncatedLastLineIsQuarantinedAndTheRestLoads() {
    Lake lake = new Lake(spark(), tempDir("trunc").toString());
    String cut = ACCOUNTS + "c2,CLIENT,2025-01-0";
    String cutInQuotes = ACCOUNTS + "c3,CLIENT,2025-01-03,\"D";
    for (String csv : List.of(cut, cutInQuotes)) {
      IngestResult r = ingest(lake, dir(Map.of("accounts.csv", utf8(csv))), Format.CSV);
      TableOutcome t = outcome(r, "accounts");
      assertEquals(1, t.quarantined(), csv + ": " + t);
      assertEquals(List.of("c1", "f1"), rawValues(lake, "accounts", "account_id"));
    }
    assertEquals(
        2L, lake.read(lake.quarantinePath("accounts")).count(), "both cut lines are in quarantine");
  }

  @Test
  void aBinaryFileNamedCsvStopsTheIngestNamingItAndLoadsNothing() {
    Lake lake = lakeWithAccounts();
    byte[] bin = new byte[4096];
    new java.util.Random(7).nextBytes(bin);
    bin[100] = 0;
    Path src =
        dir(Map.of("contracts.csv", bin, "accounts.csv", utf8(ACCOUNTS + "n1,CLIENT,2025-01-05,FR\n")));
    refused(lake, src, Format.CSV, "contracts.csv", "binary");
  }

  @Test
  void textThatIsNotUtf8IsQuarantinedRowByRow() {
    Lake lake = new Lake(spark(), tempDir("latin1").toString());
    byte[] latin1 =
        (ACCOUNTS_HEADER + "f1,FREELANCER,2025-01-01,US,true\nc\u00e9,CLIENT,2025-01-02,DE,\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    IngestResult r = ingest(lake, dir(Map.of("accounts.csv", latin1)), Format.CSV);
    TableOutcome t = outcome(r, "accounts");
    assertEquals(1, t.loaded(), t.toString());
    assertEquals(1, t.quarantined(), t.toString());
    assertEquals(Map.of(Rule.UNPARSABLE, 1L), t.ruleCounts());
  }

  @Test
  void mixedLineEndingsQuotesAndLineBreaksInsideQuotesReadAsWritten() {
    Lake lake = lakeWithAccounts();
    String contracts =
        CONTRACTS_HEADER.replace("\n", "\r\n")
            + "k1,f1,c1,FIXED,\"web, \"\"mobile\"\"\",2025-03-01,,,\r\n"
            + "k2,f1,c1,HOURLY,\"two\nlines\",2025-03-01,,,\n"
            + "k3,f1,c1,HOURLY,dev,2025-03-01,2025-04-01,CLIENT,COMPLETED\r\n";
    IngestResult r = ingest(lake, dir(Map.of("contracts.csv", utf8(contracts))), Format.CSV);
    TableOutcome t = outcome(r, "contracts");
    assertEquals(3, t.loaded(), t.toString());
    assertEquals(0, t.quarantined(), t.toString());
    assertEquals(
        List.of("web, \"mobile\"", "two\nlines", "dev"), rawValues(lake, "contracts", "category").stream().sorted((a, b) -> order(a) - order(b)).toList());
    assertEquals(
        "COMPLETED",
        lake.read(lake.rawPath("contracts")).where(col("contract_id").equalTo("k3")).head().getAs("end_reason"),
        "no carriage return is left on the last value");
  }

  private static int order(String category) {
    return category.startsWith("web") ? 0 : category.startsWith("two") ? 1 : 2;
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstColumnName() {
    Lake lake = new Lake(spark(), tempDir("bom").toString());
    String bom = "\uFEFF";
    IngestResult csv =
        ingest(lake, dir(Map.of("accounts.csv", utf8(bom + ACCOUNTS.replace("\n", "\r\n")))), Format.CSV);
    assertEquals(2, outcome(csv, "accounts").loaded(), csv.toString());
    String json =
        bom + "{\"account_id\":\"j1\",\"role\":\"CLIENT\",\"created_at\":\"2025-01-01\",\"country\":\"US\"}\n";
    IngestResult fromJson = ingest(lake, dir(Map.of("accounts.json", utf8(json))), Format.JSON);
    assertEquals(1, outcome(fromJson, "accounts").loaded(), fromJson.toString());
    assertEquals(List.of("c1", "f1", "j1"), rawValues(lake, "accounts", "account_id"));
  }

  @Test
  void aTenMegabyteLineIsOneBadRowNotACrash() {
    Lake lake = new Lake(spark(), tempDir("long").toString());
    String huge = "x".repeat(10 * 1024 * 1024);
    IngestResult r =
        ingest(lake, dir(Map.of("accounts.csv", utf8(ACCOUNTS + huge + "\n"))), Format.CSV);
    TableOutcome t = outcome(r, "accounts");
    assertEquals(2, t.loaded(), t.toString());
    assertEquals(1, t.quarantined(), t.toString());
    assertEquals(Map.of(Rule.MISSING_REQUIRED, 1L), t.ruleCounts(), "only the id is there");
  }

  @Test
  void jsonValuesOfTheWrongTypeAreUnparsableAndNumericIdsAreText() {
    Lake lake = new Lake(spark(), tempDir("json-types").toString());
    String json =
        """
        {"account_id":"f1","role":"FREELANCER","created_at":"2025-01-01","country":"US","payment_verified":true}
        {"account_id":42,"role":"CLIENT","created_at":"2025-01-01","country":"DE","payment_verified":"false"}
        {"account_id":"c2","role":"CLIENT","created_at":20250101,"country":"DE"}
        {"account_id":"c3","role":"CLIENT","created_at":"2025-01-01","country":"DE","payment_verified":{"v":1}}
        {"account_id":"c4","role":"CLIENT","created_at":["2025-01-01"],"country":"DE"}
        not json at all
        """;
    IngestResult r = ingest(lake, dir(Map.of("accounts.json", utf8(json))), Format.JSON);
    TableOutcome t = outcome(r, "accounts");
    assertEquals(List.of("42", "f1"), rawValues(lake, "accounts", "account_id"));
    assertEquals(4, t.quarantined(), t.toString());
    assertEquals(3L, t.ruleCounts().get(Rule.UNPARSABLE), t.toString());
    assertEquals(1L, t.ruleCounts().get(Rule.MISSING_REQUIRED), "the line that is not JSON");
  }

  @Test
  void aJsonFileWhoseFirstRecordLacksARequiredFieldIsRefused() {
    Lake lake = lakeWithAccounts();
    Path src = dir(Map.of("accounts.json", utf8("{\"account_id\":\"f9\",\"role\":\"CLIENT\"}\n")));
    refused(lake, src, Format.JSON, "accounts.json", "'created_at'");
  }

  @Test
  void parquetLackingAColumnOrOfTheWrongTypeIsRefusedNamingIt() {
    Lake lake = lakeWithAccounts();
    Path missing = tempDir("pq-missing");
    spark()
        .sql("SELECT 'p1' AS payment_id, 'k1' AS contract_id, CAST(12.5 AS DECIMAL(18,2)) AS amount_usd")
        .write()
        .parquet(missing.resolve("payments").toString());
    refused(lake, missing, Format.PARQUET, "payments", "'paid_at'");
    Path wrongType = tempDir("pq-type");
    spark()
        .sql(
            "SELECT 'p1' AS payment_id, 'k1' AS contract_id, TIMESTAMP'2025-03-01 00:00:00' AS paid_at,"
                + " true AS amount_usd")
        .write()
        .parquet(wrongType.resolve("payments").toString());
    refused(lake, wrongType, Format.PARQUET, "payments", "'amount_usd'", "boolean");
  }

  /**
   * Schema evolution (issue 15): columns an export adds are kept in the raw table, as text, in every
   * format and for keyed tables and event logs alike; later files without them load with nulls there;
   * the pipeline reads the declared columns only. A name Delta cannot store as it is is left out.
   */
  @Test
  void extraColumnsInTheInputAreKeptAsText() {
    Lake lake = new Lake(spark(), tempDir("extra-columns").toString());
    String accounts =
        "account_id,role,created_at,country,payment_verified,referral_source,\"tier level\"\n"
            + "f1,FREELANCER,2025-01-01,US,true,search,gold\nc1,CLIENT,2025-01-02,DE,,ad,\n";
    String signals =
        "account_id,observed_at,ip_country,device_hash,payment_fingerprint,ip_asn\n"
            + "f1,2025-02-01T00:00:00Z,US,d1,,AS7922\nf1,2025-02-01T00:00:00Z,US,d1,,AS7922\n";
    IngestResult first =
        ingest(lake, dir(Map.of("accounts.csv", utf8(accounts), "account_signals.csv", utf8(signals))), Format.CSV);
    assertEquals(2, outcome(first, "accounts").loaded(), first.toString());
    assertEquals(1, outcome(first, "account_signals").loaded(), "one event, written twice");
    List<String> cols = List.of(lake.read(lake.rawPath("accounts")).columns());
    assertTrue(cols.contains("referral_source"), cols.toString());
    assertTrue(!cols.contains("tier level"), cols.toString());
    assertEquals(List.of("ad", "search"), rawValues(lake, "accounts", "referral_source"));
    assertEquals(List.of("AS7922"), rawValues(lake, "account_signals", "ip_asn"));
    String json =
        "{\"account_id\":\"c2\",\"role\":\"CLIENT\",\"created_at\":\"2025-03-01\",\"country\":\"FR\","
            + "\"segment\":{\"size\":\"smb\"}}\n";
    IngestResult second = ingest(lake, dir(Map.of("accounts.json", utf8(json))), Format.JSON);
    assertEquals(1, outcome(second, "accounts").loaded(), second.toString());
    Path pq = tempDir("pq-extra");
    spark()
        .sql("SELECT 'c3' AS account_id, 'CLIENT' AS role, TIMESTAMP'2025-03-02 00:00:00' AS created_at, 'IT' AS country, 7 AS score")
        .write()
        .parquet(pq.resolve("accounts").toString());
    assertEquals(1, outcome(ingest(lake, pq, Format.PARQUET), "accounts").loaded());
    Map<String, List<String>> byAccount = new TreeMap<>();
    for (Row r :
        lake.read(lake.rawPath("accounts")).select("account_id", "referral_source", "segment", "score").collectAsList()) {
      List<String> v = new ArrayList<>();
      for (int i = 1; i < 4; i++) {
        v.add(r.isNullAt(i) ? null : r.getString(i));
      }
      byAccount.put(r.getString(0), v);
    }
    assertEquals(java.util.Arrays.asList("search", null, null), byAccount.get("f1"));
    assertEquals(java.util.Arrays.asList(null, "{\"size\":\"smb\"}", null), byAccount.get("c2"));
    assertEquals(java.util.Arrays.asList(null, null, "7"), byAccount.get("c3"));
    assertEquals(
        Schemas.ACCOUNTS.columnNames(), List.of(lake.raw(Schemas.ACCOUNTS).columns()), "the pipeline's view");
  }

  /** A required column renamed by the exporter stops the ingest naming the column it expects. */
  @Test
  void aRenamedRequiredColumnIsRefusedNamingTheExpectedColumn() {
    Lake lake = lakeWithAccounts();
    Path src =
        dir(Map.of("accounts.csv", utf8("account,role,created_at,country\nf7,FREELANCER,2025-01-01,US\n")));
    refused(lake, src, Format.CSV, "accounts.csv", "missing required column 'account_id'", "account, role");
  }

  @Test
  void namesThatMatchNoTableAreIgnoredUnlessTheyLookLikeAMisspeltTable() {
    Lake lake = lakeWithAccounts();
    List<String> notes = new ArrayList<>();
    IngestResult r =
        IngestJob.run(
            lake,
            new IngestJob.Request(
                dir(Map.of("labels.csv", utf8("account_id,kind\nf1,X\n"), "README.txt", utf8("hi"))).toString(),
                Format.CSV,
                1.0,
                "names",
                NOW),
            notes::add);
    assertEquals(List.of(), r.tables(), "nothing to load");
    assertTrue(notes.stream().anyMatch(n -> n.contains("labels.csv") && n.contains("matches no table")), notes.toString());
    refused(lake, dir(Map.of("contrcts.csv", utf8(CONTRACTS_HEADER))), Format.CSV, "contrcts.csv", "contracts.csv");
    refused(lake, dir(Map.of("contracts.json", utf8("{}\n"))), Format.CSV, "contracts.json", "--format");
  }

  @Test
  void aSourceThatDoesNotExistOrAnEmptyOneIsClear() {
    Lake lake = lakeWithAccounts();
    refused(lake, Path.of("/nonexistent/jss-source"), Format.CSV, "/nonexistent/jss-source", "does not exist");
    assertEquals(List.of(), ingest(lake, tempDir("empty-source"), Format.CSV).tables());
  }
}
