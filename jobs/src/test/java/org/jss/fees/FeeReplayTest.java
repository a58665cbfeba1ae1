package org.jss.fees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jss.SparkTestBase;
import org.jss.io.Schemas;
import org.junit.jupiter.api.Test;

/** Property test: the Spark replay equals the plain-Java replay, payment by payment, to the cent. */
class FeeReplayTest extends SparkTestBase {
  private static final FeeSchedules SHIPPED = new FeeSchedules(null);
  private static final String[] CATEGORIES = {"Writing", "Design", "Development"};
  private static final String[] TYPES = {"HOURLY", "FIXED"};

  /** A schedule with awkward rates and a bound on an odd cent, to exercise half-up rounding. */
  private static final FeeSchedule AWKWARD =
      FeeSchedules.parse(
          "awkward.yaml",
          "awkward",
          "freelancer:\n  tiers:\n    - up_to_usd: 123.45\n      rate: 0.1375\n"
              + "    - up_to_usd: 777.77\n      rate: 0.0333\n    - rate: 0.0275\n");

  private record History(List<Row> contracts, List<Row> payments, List<FeeLedger.Payment> javaPayments) {}

  private static BigDecimal randomAmount(Random r) {
    int kind = r.nextInt(10);
    long cents =
        switch (kind) {
          case 0 -> 1_200_000L + r.nextInt(500_000); // crosses both boundaries from zero
          case 1, 2 -> 1 + r.nextInt(2_000); // tiny, rounding-heavy
          default -> 1 + r.nextInt(150_000);
        };
    return BigDecimal.valueOf(cents, 2);
  }

  private static History randomHistory(long seed) {
    Random r = new Random(seed);
    List<Row> contracts = new ArrayList<>();
    List<Row> payments = new ArrayList<>();
    List<FeeLedger.Payment> javaPayments = new ArrayList<>();
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    int nContracts = 6 + r.nextInt(6);
    int paymentId = 0;
    for (int c = 0; c < nContracts; c++) {
      // Ids carry the seed so that several histories share one Dataset without mixing pairs.
      String contractId = seed + "k" + c;
      String freelancer = seed + "f" + r.nextInt(3);
      String client = seed + "c" + r.nextInt(3); // pairs often share several contracts
      contracts.add(
          RowFactory.create(
              contractId, freelancer, client, TYPES[r.nextInt(2)], CATEGORIES[r.nextInt(3)],
              Timestamp.from(t0), null, null, null));
      BigDecimal billed = BigDecimal.ZERO;
      int n = 1 + r.nextInt(6);
      for (int i = 0; i < n; i++) {
        BigDecimal amount = randomAmount(r);
        if (i > 0 && r.nextInt(4) == 0) {
          // A refund of part (or all, or a little more) of what the contract billed.
          amount = billed.multiply(BigDecimal.valueOf(r.nextInt(110) + 1, 2)).setScale(2, RoundingMode.DOWN).negate();
          if (amount.signum() == 0) {
            amount = new BigDecimal("-0.01");
          }
        }
        billed = billed.add(amount);
        // Coarse times so that payments of a pair often share a timestamp: payment_id breaks the tie.
        Instant paidAt = t0.plusSeconds(86_400L * r.nextInt(20));
        String pid = String.format("%dp%03d", seed, paymentId++);
        payments.add(RowFactory.create(pid, contractId, Timestamp.from(paidAt), amount));
        javaPayments.add(new FeeLedger.Payment(pid, contractId, freelancer, client, paidAt, amount));
      }
    }
    return new History(contracts, payments, javaPayments);
  }

  private static Map<String, ContractTerms> terms(History h) {
    Map<String, BigDecimal> earnings = new HashMap<>();
    for (FeeLedger.Payment p : h.javaPayments()) {
      earnings.merge(p.contractId(), p.amountUsd(), BigDecimal::add);
    }
    Map<String, ContractTerms> out = new HashMap<>();
    for (Row c : h.contracts()) {
      out.put(
          c.getString(0),
          new ContractTerms(c.getString(4), c.getString(3), earnings.getOrDefault(c.getString(0), BigDecimal.ZERO)));
    }
    return out;
  }

  @Test
  void sparkReplayEqualsJavaReplayOnRandomHistories() {
    List<FeeSchedule> schedules =
        List.of(SHIPPED.load("sliding-2016"), SHIPPED.load("variable-2025"), AWKWARD);
    List<Row> contractRows = new ArrayList<>();
    List<Row> paymentRows = new ArrayList<>();
    List<FeeLedger.Payment> javaPayments = new ArrayList<>();
    for (long seed = 1; seed <= 12; seed++) {
      History h = randomHistory(seed);
      contractRows.addAll(h.contracts());
      paymentRows.addAll(h.payments());
      javaPayments.addAll(h.javaPayments());
    }
    History all = new History(contractRows, paymentRows, javaPayments);
    Dataset<Row> contracts = spark().createDataFrame(contractRows, Schemas.CONTRACTS.sparkSchema());
    Dataset<Row> payments = spark().createDataFrame(paymentRows, Schemas.PAYMENTS.sparkSchema());
    Dataset<Row> replayed = FeeReplay.payments(payments, contracts);
    for (int i = 0; i < schedules.size(); i++) {
      replayed = replayed.transform(FeeReplay.withFees(schedules.get(i), "s" + i + "_")::apply);
    }
    List<Row> rows = replayed.collectAsList();
    assertEquals(paymentRows.size(), rows.size(), "every payment replayed once");
    int compared = 0;
    for (int i = 0; i < schedules.size(); i++) {
      FeeSchedule s = schedules.get(i);
      Map<String, FeeLedger.Charged> expected = FeeLedger.replay(s, javaPayments, terms(all));
      for (Row row : rows) {
        String pid = row.getAs("payment_id");
        FeeLedger.Charged e = expected.get(pid);
        String where = s.name() + ", payment " + pid;
        assertEquals(
            0, e.billedBeforeUsd().compareTo(row.getAs("billed_before_usd")), where + " billed before");
        BigDecimal fee = row.getAs("s" + i + "_fee_usd");
        assertEquals(0, e.feeUsd().compareTo(fee), where + ": java " + e.feeUsd() + " spark " + fee);
        compared++;
      }
    }
    assertTrue(compared > 500, "compared " + compared + " fees");
  }
}
