package org.jss.inactivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-built inactive contracts with the action a fair marketplace would recommend (SPEC section 6). */
class InactiveStageTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.parse("2026-11-22");
  static Map<String, Row> rows = new HashMap<>();

  /** Two good, paid contracts with two clients: a JSS of 100 to lose from. */
  static void goodRecord(Fixtures f, String freelancer) {
    f.account(freelancer, "FREELANCER", "2024-01-01", "PH");
    for (String n : List.of("1", "2")) {
      String client = freelancer + "-c" + n;
      String contract = freelancer + "-good" + n;
      f.account(client, "CLIENT", "2024-01-01", "US")
          .contract(contract, freelancer, client, "2026-09-01", "2026-10-01", "COMPLETED")
          .payment(contract + "-p", contract, "2026-09-30", 500)
          .clientFeedback(contract, "2026-10-01", 5.0, null);
    }
  }

  @BeforeAll
  static void run() {
    Fixtures f = new Fixtures();
    f.account("cx", "CLIENT", "2024-01-01", "US");
    // A: the client went silent 39 days ago after the freelancer's last message; no earnings.
    goodRecord(f, "fa");
    f.contract("A", "fa", "cx", "2026-10-13", null, null)
        .activity("A", "2026-10-14T09:00:00Z", "CLIENT", "MESSAGE")
        .activity("A", "2026-10-20T09:00:00Z", "FREELANCER", "MESSAGE");
    // B: earnings but no feedback; nobody wrote since.
    goodRecord(f, "fb");
    f.contract("B", "fb", "cx", "2026-09-15", null, null).payment("pB", "B", "2026-10-01", 300);
    // C: zero earnings, the freelancer went silent (the client wrote last).
    goodRecord(f, "fc");
    f.contract("C", "fc", "cx", "2026-10-01", null, null)
        .activity("C", "2026-10-02T09:00:00Z", "FREELANCER", "MESSAGE")
        .activity("C", "2026-10-20T09:00:00Z", "CLIENT", "MESSAGE");
    // M: messages every week, but no work since 2026-09-01: messages do not reset inactivity.
    goodRecord(f, "fm");
    f.contract("M", "fm", "cx", "2026-08-01", null, null)
        .activity("M", "2026-09-01T09:00:00Z", "FREELANCER", "TIME_LOG")
        .activity("M", "2026-11-20T09:00:00Z", "FREELANCER", "MESSAGE")
        .activity("M", "2026-11-21T09:00:00Z", "CLIENT", "MESSAGE");
    // W: worked 10 days ago: not inactive.
    goodRecord(f, "fw");
    f.contract("W", "fw", "cx", "2026-08-01", null, null)
        .activity("W", "2026-11-12T09:00:00Z", "FREELANCER", "FILE_SHARED");
    var out = InactiveStage.compute(f.snapshot(spark(), AS_OF), JssPolicy.defaults());
    for (Row r : out.get(Catalog.INACTIVE_CONTRACTS.name()).collectAsList()) {
      rows.put(r.getAs("contract_id"), r);
    }
    spark().catalog().clearCache();
  }

  @Test
  void silentClientOnZeroEarningsIsExcludedSoClosingHasNoImpact() {
    Row a = rows.get("A");
    assertEquals(40, a.<Integer>getAs("days_inactive"));
    assertTrue(a.<Boolean>getAs("client_unresponsive"));
    assertEquals("CLIENT_UNRESPONSIVE", a.getAs("assumed_end_reason"));
    assertEquals("CLIENT_SIDE_END", a.getAs("projected_reason"));
    assertEquals(0.0, a.<Double>getAs("projected_change"), 1e-12);
    assertEquals(InactiveStage.CLOSE_NO_IMPACT, a.getAs("recommended_action"));
    assertEquals("FREELANCER", a.getAs("message_to"));
  }

  @Test
  void earningsWithoutFeedbackDoNotCount() {
    Row b = rows.get("B");
    assertFalse(b.<Boolean>getAs("client_unresponsive"));
    assertEquals("NO_FEEDBACK", b.getAs("projected_reason"));
    assertEquals(InactiveStage.CLOSE_NO_IMPACT, b.getAs("recommended_action"));
  }

  @Test
  void freelancerSilentOnZeroEarningsWouldLosePoints() {
    Row c = rows.get("C");
    assertFalse(c.<Boolean>getAs("client_unresponsive"));
    assertEquals("NO_EARNINGS", c.getAs("projected_reason"));
    assertEquals(100.0, c.<Double>getAs("current_jss"), 1e-12);
    assertEquals(100.0 * (2.5 - 1.0) / 3.5, c.<Double>getAs("projected_jss"), 1e-9);
    assertTrue(c.<Double>getAs("projected_change") < 0);
    assertEquals(InactiveStage.REQUEST_FEEDBACK_AND_CLOSE, c.getAs("recommended_action"));
    assertTrue(c.<String>getAs("message").contains("-57.1 points"), c.<String>getAs("message"));
  }

  @Test
  void messagesAreNotWork() {
    Row m = rows.get("M");
    assertEquals(82, m.<Integer>getAs("days_inactive"), "inactive since the last TIME_LOG on 2026-09-01");
    assertTrue(m.<Boolean>getAs("paused") == false, "a fixed contract is not paused");
    assertFalse(rows.containsKey("W"), "work 10 days ago is not inactivity");
  }
}
