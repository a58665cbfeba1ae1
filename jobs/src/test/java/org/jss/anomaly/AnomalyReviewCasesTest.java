package org.jss.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.jss.io.Catalog;
import org.jss.io.Schemas;
import org.junit.jupiter.api.Test;

/** Flags become cases that persist across nights; a CLEARED case stays quiet unless its evidence grows. */
class AnomalyReviewCasesTest extends SparkTestBase {
  static final LocalDate NIGHT1 = LocalDate.parse("2026-11-20");
  static final LocalDate NIGHT2 = LocalDate.parse("2026-11-21");

  static Row flag(String account, String detector, String severity, double score, double value) {
    return Flags.row(account, detector, severity, score, "a sentence", "metric", value, 0.0, null, null,
        List.of(), List.of("k-" + account));
  }

  static Dataset<Row> flags(Row... rows) {
    return Flags.of(spark(), List.of(rows));
  }

  static Dataset<Row> none() {
    return spark().createDataFrame(List.of(), Catalog.REVIEW_CASES.schema());
  }

  static Map<String, Row> byAccount(Dataset<Row> cases) {
    Map<String, Row> m = new TreeMap<>();
    cases.collectAsList().forEach(r -> m.put(r.<String>getAs("account_id"), r));
    return m;
  }

  @Test
  void casesPersistAcrossNightsAndOpenOnesAreRankedBySeverityThenScore() {
    Dataset<Row> decisions = new Fixtures().table(spark(), Schemas.REVIEW_DECISIONS);
    Dataset<Row> n1 =
        ReviewCases.compute(
            flags(flag("a", "DISPUTE_RATE", "MEDIUM", 90, 0.5), flag("b", "SELF_DEALING", "HIGH", 60, 2),
                flag("c", "LOCATION_MISMATCH", "LOW", 99, 0.8)),
            none(), decisions, NIGHT1, 1.5);
    Map<String, Row> c1 = byAccount(n1);
    assertEquals(1, (int) c1.get("b").getAs("queue_rank"), "HIGH first");
    assertEquals(2, (int) c1.get("a").getAs("queue_rank"));
    assertEquals(3, (int) c1.get("c").getAs("queue_rank"));
    // Night 2: a is flagged again, b is not.
    Map<String, Row> c2 =
        byAccount(
            ReviewCases.compute(
                flags(flag("a", "DISPUTE_RATE", "MEDIUM", 95, 0.6)), n1, decisions, NIGHT2, 1.5));
    Row a = c2.get("a");
    assertEquals(c1.get("a").<String>getAs("case_id"), a.getAs("case_id"), "stable case id");
    assertEquals(java.sql.Date.valueOf(NIGHT1), a.getAs("first_seen"));
    assertEquals(java.sql.Date.valueOf(NIGHT2), a.getAs("last_seen"));
    assertEquals(2, (int) a.getAs("nights_flagged"));
    assertEquals("OPEN", a.getAs("status"));
    assertEquals("LAPSED", c2.get("b").getAs("status"));
    assertEquals(java.sql.Date.valueOf(NIGHT1), c2.get("b").getAs("last_seen"));
    assertNull(c2.get("b").getAs("queue_rank"));
  }

  @Test
  void aClearedCaseIsNotRaisedAgainUnlessItsEvidenceGrowsMaterially() {
    Dataset<Row> n1 =
        ReviewCases.compute(
            flags(flag("a", "SELF_DEALING", "HIGH", 70, 2)), none(),
            new Fixtures().table(spark(), Schemas.REVIEW_DECISIONS), NIGHT1, 1.5);
    Dataset<Row> cleared =
        new Fixtures()
            .decision("a", "SELF_DEALING", "2026-11-20T15:00:00Z", "CLEARED")
            .decision("a", "JSS_FARMING", "2026-11-01T15:00:00Z", "WARNED")
            .table(spark(), Schemas.REVIEW_DECISIONS);
    // Same evidence the next night: quiet.
    Row same =
        byAccount(
                ReviewCases.compute(
                    flags(flag("a", "SELF_DEALING", "HIGH", 70, 2)), n1, cleared, NIGHT2, 1.5))
            .get("a");
    assertEquals("CLEARED", same.getAs("status"));
    assertNull(same.getAs("queue_rank"), "a cleared case is not in the queue");
    assertEquals(2.0, (double) same.getAs("cleared_value"));
    // A little more (2 -> 2.9 contracts is below 1.5x): still quiet.
    Dataset<Row> n2 =
        ReviewCases.compute(flags(flag("a", "SELF_DEALING", "HIGH", 80, 2.9)), n1, cleared, NIGHT2, 1.5);
    assertEquals("CLEARED", byAccount(n2).get("a").getAs("status"));
    // Material growth (3 >= 1.5 x 2) on a later night: raised again, ranked.
    Row grown =
        byAccount(
                ReviewCases.compute(
                    flags(flag("a", "SELF_DEALING", "HIGH", 80, 3)), n2, cleared,
                    NIGHT2.plusDays(1), 1.5))
            .get("a");
    assertEquals("OPEN", grown.getAs("status"));
    assertEquals(1, (int) grown.getAs("queue_rank"));
    assertEquals(2.0, (double) grown.getAs("cleared_value"), "compared with the value when cleared");
  }
}
