package org.jss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worked example of SPEC section 5, computed by the Spark stage. */
public class JssWorkedExampleTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.parse("2026-11-22");
  static Map<String, Dataset<Row>> out;

  /**
   * {@link #example()} plus a contract with a poor outcome that ends on 2026-11-18, between the nights of
   * 2026-11-15 and 2026-11-22, so the second night has a score change to report.
   */
  public static Fixtures exampleWithNewPoorOutcome() {
    Fixtures f = example();
    f.account("ch", "CLIENT", "2024-01-01", "US")
        .contract("H", "f1", "ch", "2026-10-01", "2026-11-18", "COMPLETED")
        .payment("pH", "H", "2026-11-17", 400)
        .clientFeedback("H", "2026-11-18", 3.5, null);
    return f;
  }

  public static Fixtures example() {
    Fixtures f = new Fixtures().account("f1", "FREELANCER", "2024-01-01", "DE");
    for (String c : List.of("ca", "cb", "cc", "cd", "ce", "cf", "cg")) {
      f.account(c, "CLIENT", "2024-01-01", "US");
    }
    f.contract("A", "f1", "ca", "2026-08-15", "2026-09-30", "COMPLETED")
        .payment("pA", "A", "2026-09-29", 1200)
        .clientFeedback("A", "2026-09-30T12:00:00Z", 5.0, 10.0);
    f.contract("B", "f1", "cb", "2026-07-20", "2026-08-12", "OTHER");
    f.contract("C", "f1", "cc", "2026-06-01", "2026-07-01", "CLIENT_UNRESPONSIVE");
    f.contract("F", "f1", "cf", "2026-06-22", "2026-10-20", "COMPLETED")
        .payment("pF", "F", "2026-07-15", 2500)
        .clientFeedback("F", "2026-10-21", 5.0, null);
    f.contract("G", "f1", "cg", "2026-09-20", "2026-10-02", "COMPLETED")
        .payment("pG", "G", "2026-10-01", 150)
        .clientFeedback("G", "2026-10-02", 4.8, null);
    f.contract("D", "f1", "cd", "2026-04-20", "2026-05-20", "COMPLETED")
        .payment("pD", "D", "2026-05-19", 300)
        .clientFeedback("D", "2026-05-20", 4.2, null);
    f.contract("E", "f1", "ce", "2026-03-01", "2026-04-02", "COMPLETED")
        .payment("pE", "E", "2026-04-01", 800)
        .clientFeedback("E", "2026-04-02", 5.0, 7.0);
    return f;
  }

  @BeforeAll
  static void run() {
    out = JssStage.compute(example().snapshot(spark(), AS_OF), JssPolicy.defaults(), null, null);
  }

  @Test
  void scoreWindowAndWeightsMatchTheSpec() {
    Row s = out.get(Catalog.JSS_SCORES.name()).head();
    assertEquals(200.0 / 3.0, s.getDouble(s.fieldIndex("jss")), 1e-9);
    assertEquals(67, s.getInt(s.fieldIndex("jss_display")));
    assertEquals(6, s.getInt(s.fieldIndex("window_months")));
    assertEquals(6.0, s.getDouble(s.fieldIndex("total_weight")), 1e-12);
    assertEquals(5.0, s.getDouble(s.fieldIndex("positive_weight")), 1e-12);
    assertEquals(1.0, s.getDouble(s.fieldIndex("negative_weight")), 1e-12);
    assertEquals(14L, s.getLong(s.fieldIndex("contracts_to_90")));
    Map<Integer, Double> windows = s.getJavaMap(s.fieldIndex("window_scores"));
    assertEquals(100.0 * 4.0 / 8.5, windows.get(12), 1e-9, "12-month window: W 8.5, P 5, N 1");
    assertEquals(100.0 * 4.0 / 8.5, windows.get(24), 1e-9);
  }

  @Test
  void everyContractHasTheSpecsClassReasonAndWeight() {
    Map<String, Row> byId = new HashMap<>();
    for (Row r : out.get(Catalog.JSS_CONTRACT_OUTCOMES.name()).collectAsList()) {
      byId.put(r.getString(r.fieldIndex("contract_id")), r);
    }
    assertOutcome(byId.get("A"), "POSITIVE", "GOOD_FEEDBACK", 1.5);
    assertOutcome(byId.get("B"), "NEGATIVE", "NO_EARNINGS", 1.0);
    assertOutcome(byId.get("C"), "EXCLUDED", "CLIENT_SIDE_END", 1.0);
    assertOutcome(byId.get("F"), "POSITIVE", "LONG_TERM", 2.5);
    assertOutcome(byId.get("G"), "POSITIVE", "GOOD_FEEDBACK", 1.0);
    assertOutcome(byId.get("D"), "NEUTRAL", "MIXED_PUBLIC_RATING", 1.25);
    assertOutcome(byId.get("E"), "NEUTRAL", "MIXED_PRIVATE_SCORE", 1.25);
    assertTrue(byId.get("E").getBoolean(byId.get("E").fieldIndex("private_dependent")));
    assertFalse(byId.get("D").getBoolean(byId.get("D").fieldIndex("private_dependent")));
    assertEquals(100.0 / 3.0, byId.get("B").getDouble(byId.get("B").fieldIndex("loss")), 1e-9);
  }

  @Test
  void factorsSumToTheScore() {
    List<Row> factors = out.get(Catalog.JSS_FACTORS.name()).collectAsList();
    assertEquals(1, factors.size(), "only NO_EARNINGS loses points: " + factors);
    Row f = factors.get(0);
    assertEquals("NO_EARNINGS", f.getString(f.fieldIndex("factor")));
    assertEquals(100.0 / 3.0, f.getDouble(f.fieldIndex("points")), 1e-9);
    assertEquals(List.of("B"), f.getList(f.fieldIndex("contracts")));
  }

  private static void assertOutcome(Row r, String cls, String reason, double weight) {
    String id = r.getString(r.fieldIndex("contract_id"));
    assertEquals(cls, r.getString(r.fieldIndex("class")), "class of " + id);
    assertEquals(reason, r.getString(r.fieldIndex("reason")), "reason of " + id);
    assertEquals(weight, r.getDouble(r.fieldIndex("weight")), 1e-12, "weight of " + id);
  }
}
