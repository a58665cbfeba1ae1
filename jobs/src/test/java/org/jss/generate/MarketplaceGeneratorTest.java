package org.jss.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.cli.Main;
import org.jss.generate.MarketplaceGenerator.Format;
import org.jss.generate.MarketplaceGenerator.Options;
import org.jss.io.ColumnSpec;
import org.jss.io.Schemas;
import org.jss.io.TableSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's contract: deterministic, well-formed, consistent, and with every kind planted. */
class MarketplaceGeneratorTest extends SparkTestBase {
  private static final LocalDate END = LocalDate.of(2026, 11, 22);
  private static final long N = 120;
  private static Path first;
  private static Path again;
  private static Path otherSeed;

  @BeforeAll
  static void generate() {
    first = tempDir("gen-a");
    again = tempDir("gen-b");
    otherSeed = tempDir("gen-c");
    MarketplaceGenerator.generate(spark(), new Options(first.toString(), N, 7, Format.CSV, END, false));
    MarketplaceGenerator.generate(spark(), new Options(again.toString(), N, 7, Format.CSV, END, false));
    MarketplaceGenerator.generate(
        spark(), new Options(otherSeed.toString(), N, 8, Format.CSV, END, false));
    // (N stays small: the suite shares two cores; 120 freelancers still plant every kind.)
  }

  private static Set<String> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Dataset<Row> read(Path dir, String table) {
    return spark().read().option("header", true).csv(dir.resolve(table + ".csv").toString());
  }

  @Test
  void writesOneFilePerTableAndNothingElse() {
    Set<String> expected = new TreeSet<>();
    Schemas.ALL.forEach(t -> expected.add(t.name() + ".csv"));
    expected.add("labels.csv");
    assertEquals(expected, files(first), "one file per table plus labels, no _SUCCESS/.crc/part dirs");
  }

  @Test
  void sameSeedGivesIdenticalBytes() {
    for (String f : files(first)) {
      assertArrayEquals(bytes(first.resolve(f)), bytes(again.resolve(f)), f + " differs between runs");
    }
  }

  @Test
  void differentSeedGivesDifferentData() {
    for (String t : List.of("accounts.csv", "contracts.csv", "payments.csv", "labels.csv")) {
      assertFalse(
          Arrays.equals(bytes(first.resolve(t)), bytes(otherSeed.resolve(t))), t + " ignores the seed");
    }
  }

  @Test
  void everyFileHasTheSpecHeader() throws IOException {
    for (TableSpec t : Schemas.ALL) {
      String header = Files.readAllLines(first.resolve(t.name() + ".csv")).get(0);
      assertEquals(String.join(",", t.columnNames()), header, t.name());
    }
    assertEquals("account_id,detector,family", Files.readAllLines(first.resolve("labels.csv")).get(0));
  }

  @Test
  void everyTableHasRowsAndPlausibleShapes() {
    for (TableSpec t : Schemas.ALL) {
      assertTrue(read(first, t.name()).count() > 0, t.name() + " is empty");
    }
    Dataset<Row> accounts = read(first, "accounts");
    long clients = accounts.filter(col("role").equalTo("CLIENT")).count();
    assertEquals(N, accounts.filter(col("role").equalTo("FREELANCER")).count());
    assertTrue(clients > N / 4 && clients < N, "about one client per 2-3 freelancers: " + clients);
    Dataset<Row> contracts = read(first, "contracts");
    assertTrue(contracts.filter(col("ended_at").isNull()).count() > 0, "some contracts are ongoing");
    assertTrue(
        read(first, "payments").filter(col("amount_usd").cast("double").lt(0)).count() > 0,
        "some refunds");
    Set<String> reasons =
        contracts.filter(col("end_reason").isNotNull()).select("end_reason").distinct()
            .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertTrue(reasons.containsAll(List.of("COMPLETED", "CLIENT_UNRESPONSIVE",
        "SCOPE_OR_BUDGET_CHANGED")), "reasons: " + reasons);
  }

  @Test
  void labelsCoverEveryDetectorWithFreelancerAccounts() {
    Dataset<Row> labels = read(first, "labels");
    Set<String> kinds =
        labels.select("detector").distinct().collectAsList().stream()
            .map(r -> r.getString(0)).collect(Collectors.toSet());
    Set<String> all = new HashSet<>();
    for (Planted p : Planted.values()) {
      all.add(p.name());
    }
    assertEquals(all, kinds);
    Dataset<Row> freelancers = read(first, "accounts").filter(col("role").equalTo("FREELANCER"));
    assertEquals(0, labels.join(freelancers, labels.col("account_id").equalTo(freelancers.col(
        "account_id")), "left_anti").count(), "every label names a freelancer account");
  }

  @Test
  void noTimestampAfterTheEndDate() {
    Column dayAfter = lit("2026-11-23 00:00:00").cast("timestamp");
    for (TableSpec t : Schemas.ALL) {
      List<Column> checks = new ArrayList<>();
      for (ColumnSpec c : t.columns()) {
        if (c.type() == ColumnSpec.ColType.TIMESTAMP) {
          Column ts = col(c.name()).cast("timestamp");
          // One scan per table: late or unparsable values of every timestamp column.
          checks.add(sum(when(ts.geq(dayAfter), 1).otherwise(0)).as(c.name() + " after the end date"));
          checks.add(sum(when(col(c.name()).isNotNull().and(ts.isNull()), 1).otherwise(0))
              .as(c.name() + " unparsable"));
        }
      }
      Row r = read(first, t.name()).agg(checks.get(0), checks.subList(1, checks.size())
          .toArray(Column[]::new)).first();
      for (int k = 0; k < checks.size(); k++) {
        assertEquals(0L, r.isNullAt(k) ? 0L : r.getLong(k), t.name() + ": " + r.schema().fieldNames()[k]);
      }
    }
  }

  @Test
  void referencesResolve() {
    Dataset<Row> accounts = read(first, "accounts");
    Dataset<Row> contracts = read(first, "contracts");
    assertEquals(0, missing(contracts, "freelancer_id",
        accounts.filter(col("role").equalTo("FREELANCER")), "account_id"));
    assertEquals(0, missing(contracts, "client_id",
        accounts.filter(col("role").equalTo("CLIENT")), "account_id"));
    for (String t : List.of("payments", "activity", "feedback", "disputes")) {
      assertEquals(0, missing(read(first, t), "contract_id", contracts, "contract_id"), t);
    }
    for (String t : List.of("account_signals", "review_decisions")) {
      assertEquals(0, missing(read(first, t), "account_id", accounts, "account_id"), t);
    }
    assertEquals(contracts.count(), contracts.select("contract_id").distinct().count(), "unique ids");
  }

  @Test
  void onlyPlantedAccountsShareDevicesOrFingerprints() {
    Dataset<Row> signals = read(first, "account_signals");
    Dataset<Row> labels = read(first, "labels");
    Dataset<Row> planted = labels.filter(col("detector").isin("SELF_DEALING", "MULTI_ACCOUNT"));
    for (String token : List.of("device_hash", "payment_fingerprint")) {
      Dataset<Row> shared =
          signals.filter(col(token).isNotNull()).select(col(token).as("t"), col("account_id"))
              .distinct().groupBy("t").count().filter(col("count").gt(1));
      Dataset<Row> sharers =
          signals.join(shared, signals.col(token).equalTo(shared.col("t"))).select("account_id")
              .distinct();
      // A self-dealing pair is a planted freelancer and its own client account, unlabelled by design.
      Dataset<Row> accounts = read(first, "accounts");
      Dataset<Row> freelancerSharers =
          sharers.join(accounts, "account_id").filter(col("role").equalTo("FREELANCER"));
      assertEquals(0, missing(freelancerSharers, "account_id", planted, "account_id"),
          "an unlabelled freelancer shares a " + token);
    }
    assertTrue(
        signals.join(planted, "account_id").count() > 0, "planted accounts have signals");
  }

  @Test
  void commandWritesParquetWithDirtyRowsAndLabels() throws IOException {
    Path dir = tempDir("gen-cmd");
    int rc = Main.execute("generate", "--out", dir.toString(), "--freelancers", "60", "--seed", "3",
        "--format", "parquet", "--dirty", "--end-date", "2026-06-30");
    assertEquals(Main.OK, rc);
    Set<String> names = files(dir);
    assertTrue(names.containsAll(List.of("contracts.parquet", "payments.parquet", "labels.csv",
        "dirty_labels.csv")), "files: " + names);
    Dataset<Row> payments = spark().read().parquet(dir.resolve("payments.parquet").toString());
    assertEquals("decimal(18,2)", payments.schema().apply("amount_usd").dataType().simpleString());
    List<String> dirty = Files.readAllLines(dir.resolve("dirty_labels.csv"));
    Set<String> rules = dirty.stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1))
        .collect(Collectors.toSet());
    assertTrue(rules.containsAll(List.of("MISSING_REQUIRED", "ENUM_OUT_OF_RANGE",
        "ENDED_BEFORE_STARTED", "RATING_OUT_OF_RANGE", "FUTURE_TIMESTAMP", "DUPLICATE_KEY_CONFLICT",
        "IDENTICAL_DUPLICATE", "UNKNOWN_REFERENCE")), "rules: " + rules);
    assertEquals(1, payments.filter(col("payment_id").equalTo("pdirty0000005")).count(),
        "the payment to an unknown contract is in the file");
  }

  @Test
  void badArgumentsExitTwo() {
    assertEquals(Main.BAD_ARGS, Main.execute("generate", "--out", "x", "--freelancers", "10",
        "--seed", "1"));
    assertEquals(Main.BAD_ARGS, Main.execute("generate", "--out", "x", "--freelancers", "100",
        "--seed", "1", "--format", "xml"));
    assertEquals(Main.BAD_ARGS, Main.execute("generate", "--out", "x", "--freelancers", "100",
        "--seed", "1", "--end-date", "22/11/2026"));
  }

  private static long missing(Dataset<Row> rows, String column, Dataset<Row> targets, String key) {
    Dataset<Row> keys = targets.select(col(key).as("__k")).distinct();
    return rows.join(keys, rows.col(column).equalTo(keys.col("__k")), "left_anti").count();
  }
}
