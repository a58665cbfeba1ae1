package org.jss.fees;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jss.SparkTestBase;
import org.jss.cli.Main;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.jss.io.Snapshot;
import org.jss.io.TableSpec;
import org.junit.jupiter.api.Test;

/**
 * Fee impact on a three-freelancer marketplace, sliding-2016 against flat-10-2023, with expectations
 * worked by hand: F1 bills a new client $500 twice (fees 100 + 50 vs 50 + 50), F2 does a $40 job
 * (8 vs 4), F3 is paid $12,000 at once (1,150 vs 1,200, so worse off).
 */
class FeeImpactTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.parse("2026-11-22");
  private static final FeeSchedules SHIPPED = new FeeSchedules(null);

  private static Timestamp ts(String iso) {
    return Timestamp.valueOf(iso + " 00:00:00");
  }

  private static Dataset<Row> accounts() {
    return spark()
        .createDataFrame(
            List.of(
                RowFactory.create("F1", "FREELANCER", ts("2020-01-01"), "US", true),
                RowFactory.create("F2", "FREELANCER", ts("2026-06-01"), "IN", true),
                RowFactory.create("F3", "FREELANCER", ts("2015-01-01"), "US", true),
                RowFactory.create("C1", "CLIENT", ts("2020-01-01"), "GB", true),
                RowFactory.create("C2", "CLIENT", ts("2020-01-01"), "GB", true),
                RowFactory.create("C3", "CLIENT", ts("2020-01-01"), "GB", true)),
            Schemas.ACCOUNTS.sparkSchema());
  }

  private static Dataset<Row> contracts() {
    return spark()
        .createDataFrame(
            List.of(
                RowFactory.create("K1", "F1", "C1", "FIXED", "Design", ts("2026-01-01"), null, null, null),
                RowFactory.create("K2", "F2", "C2", "FIXED", "Writing", ts("2026-03-01"), null, null, null),
                RowFactory.create(
                    "K3", "F3", "C3", "HOURLY", "Development", ts("2026-02-01"), null, null, null)),
            Schemas.CONTRACTS.sparkSchema());
  }

  private static Dataset<Row> payments() {
    return spark()
        .createDataFrame(
            List.of(
                RowFactory.create("P1", "K1", ts("2026-01-31"), new BigDecimal("500.00")),
                RowFactory.create("P2", "K1", ts("2026-02-28"), new BigDecimal("500.00")),
                RowFactory.create("P3", "K2", ts("2026-03-10"), new BigDecimal("40.00")),
                RowFactory.create("P4", "K3", ts("2026-02-15"), new BigDecimal("12000.00")),
                // After the as-of date: invisible to the run.
                RowFactory.create("P5", "K2", ts("2026-12-01"), new BigDecimal("1000.00"))),
            Schemas.PAYMENTS.sparkSchema());
  }

  private static Dataset<Row> empty(TableSpec spec) {
    return spark().createDataFrame(List.of(), spec.sparkSchema());
  }

  private static Map<String, Row> byId(Dataset<Row> rows, String key) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      out.put(r.getAs(key), r);
    }
    return out;
  }

  private static void assertUsd(String expected, Object actual, String what) {
    assertEquals(0, new BigDecimal(expected).compareTo((BigDecimal) actual), what + ": got " + actual);
  }

  @Test
  void commandWritesPerFreelancerAndSegmentImpactAndPrintsTheSummary() {
    String lakeDir = tempDir("fee-lake").toString();
    Lake lake = new Lake(spark(), lakeDir);
    lake.append(lake.rawPath("accounts"), accounts());
    lake.append(lake.rawPath("contracts"), contracts());
    lake.append(lake.rawPath("payments"), payments());

    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code =
          Main.execute(
              "fees", "impact", "--lake", lakeDir, "--baseline", "sliding-2016", "--proposal",
              "flat-10-2023", "--as-of", AS_OF.toString(), "--conf", "spark.sql.shuffle.partitions=2");
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, "exit code; output: " + printed);
    assertTrue(printed.contains("share worse off             33.3%"), printed);
    assertTrue(printed.contains("median    4.00 USD (p10 -39.20, p90 40.80)"), printed);
    assertTrue(printed.contains("21.98 USD (freelancer side -4.00, client side 25.98)"), printed);

    Map<String, Row> f = byId(lake.read(lake.scoredPath("fee_impact")), "freelancer_id");
    assertEquals(3, f.size(), "one row per freelancer with payments");
    assertUsd("150.00", f.get("F1").getAs("fee_baseline_usd"), "F1 sliding fees");
    assertUsd("100.00", f.get("F1").getAs("fee_proposal_usd"), "F1 flat fees");
    assertUsd("900.00", f.get("F1").getAs("take_home_proposal_usd"), "F1 flat take-home");
    assertUsd("50.00", f.get("F1").getAs("take_home_change_usd"), "F1 better off");
    assertUsd("40.00", f.get("F1").getAs("client_fees_proposal_usd"), "F1 client: 3% + 1% initiation");
    assertUsd("40.00", f.get("F2").getAs("gross_usd"), "F2 gross excludes the later payment");
    assertUsd("-50.00", f.get("F3").getAs("take_home_change_usd"), "F3 worse off");
    assertEquals(true, f.get("F3").getAs("worse_off"), "F3 flagged worse off");
    assertEquals("5y+", f.get("F1").getAs("tenure_band"), "F1 tenure");
    assertEquals("<1y", f.get("F2").getAs("tenure_band"), "F2 tenure");
    assertEquals("Writing", f.get("F2").getAs("category"), "F2 category");
    assertEquals(0.095833, f.get("F3").<Double>getAs("effective_rate_baseline"), 1e-9, "F3 1150/12000");
    assertEquals("fees:sliding-2016..flat-10-2023", f.get("F1").getAs("policy_name"));

    Dataset<Row> segs = lake.read(lake.scoredPath("fee_impact_segments"));
    Row tenure5 =
        segs.where(col("segment").equalTo("tenure_band").and(col("segment_value").equalTo("5y+"))).first();
    assertEquals(2, tenure5.<Integer>getAs("freelancers"), "F1 and F3 joined 5+ years ago");
    assertEquals(0.5, tenure5.<Double>getAs("share_worse_off"), 1e-12, "F3 of the two");
    assertEquals(
        1 + 3 + 3 + 2 + 2 + 3, segs.count(), "all + earnings, category, country, tenure, size bands");
  }

  @Test
  void sinceLimitsThePaymentsSummedButNotTheLifetimeBillings() {
    Snapshot snap =
        Snapshot.of(
            AS_OF, accounts(), contracts(), payments(), empty(Schemas.ACTIVITY), empty(Schemas.FEEDBACK),
            empty(Schemas.DISPUTES), empty(Schemas.ACCOUNT_SIGNALS), empty(Schemas.REVIEW_DECISIONS));
    Map<String, Row> f =
        byId(
            FeeImpact.perFreelancer(
                snap.accounts(), snap.contracts(), snap.payments(), AS_OF, LocalDate.parse("2026-02-20"),
                SHIPPED.load("sliding-2016"), SHIPPED.load("flat-10-2023")),
            "freelancer_id");
    // F1's second $500 is the only one summed, and it is charged 10% because $500 came before it.
    assertUsd("500.00", f.get("F1").getAs("gross_usd"), "F1 gross since");
    assertUsd("50.00", f.get("F1").getAs("fee_baseline_usd"), "F1 second-month sliding fee");
    // K1 started before --since: no initiation fee in the period; processing 3% of 500.
    assertUsd("15.00", f.get("F1").getAs("client_fees_proposal_usd"), "F1 client fees since");
    // F3's only payment was before --since: F3 is not in the period at all.
    assertEquals(false, f.containsKey("F3"), "F3 has nothing in the period");
    // F2's contract started after --since: its initiation fee counts.
    assertUsd("2.19", f.get("F2").getAs("client_fees_proposal_usd"), "F2: 1.20 + 0.99");
  }
}
