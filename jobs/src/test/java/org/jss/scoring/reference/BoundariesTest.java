package org.jss.scoring.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jss.config.JssPolicy;
import org.junit.jupiter.api.Test;

/** Windows, weights, visibility, feedback ties, refunds, the score choice and its breakdown. */
class BoundariesTest {

  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final JssPolicy POLICY = JssPolicy.defaults();
  static final double EPS = 1e-9;

  static FreelancerJss score(Marketplace m, LocalDate asOf, String freelancer) {
    FreelancerJss s = ReferenceJss.score(m, asOf, POLICY).get(freelancer);
    assertNotNull(s, freelancer + " is scored");
    return s;
  }

  /** A short positive contract (rated 5.0, paid $100) ending on {@code end}. */
  static MarketplaceBuilder positive(MarketplaceBuilder b, String id, String client, String end) {
    LocalDate e = LocalDate.parse(end);
    return b.contract(id, "f", client, e.minusDays(10).toString(), end, "COMPLETED")
        .pay(id, end, "100.00")
        .clientFeedback(id, end, 5.0, null);
  }

  /** A short neutral contract (rated 4.2, paid $100) ending on {@code end}. */
  static MarketplaceBuilder neutral(MarketplaceBuilder b, String id, String client, String end) {
    LocalDate e = LocalDate.parse(end);
    return b.contract(id, "f", client, e.minusDays(10).toString(), end, "COMPLETED")
        .pay(id, end, "100.00")
        .clientFeedback(id, end, 4.2, null);
  }

  /** A short negative contract (rated 2.0) ending on {@code end}, paid {@code amount}. */
  static MarketplaceBuilder negative(
      MarketplaceBuilder b, String id, String client, String end, String amount) {
    LocalDate e = LocalDate.parse(end);
    return b.contract(id, "f", client, e.minusDays(10).toString(), end, "COMPLETED")
        .pay(id, end, amount)
        .clientFeedback(id, end, 2.0, null);
  }

  // Windows --------------------------------------------------------------------------------------

  @Test
  void windowStartClampsToTheMonthEnd() {
    LocalDate asOf = LocalDate.parse("2026-08-31");
    MarketplaceBuilder b = new MarketplaceBuilder();
    positive(b, "in", "c1", "2026-02-28");
    positive(b, "out", "c2", "2026-02-27");
    FreelancerJss s = score(b.build(), asOf, "f");
    assertEquals(LocalDate.parse("2026-02-28"), s.window(6).start());
    assertEquals(LocalDate.parse("2025-08-31"), s.window(12).start());
    assertEquals(6, s.contract("in").smallestWindowMonths(), "ended on the window start: inside");
    assertEquals(12, s.contract("out").smallestWindowMonths(), "a day before: outside");
    Marketplace leap =
        new MarketplaceBuilder().contract("k", "f", "c1", "2024-01-01", null, null).build();
    assertEquals(
        LocalDate.parse("2024-02-29"),
        score(leap, LocalDate.parse("2024-08-31"), "f").window(6).start(),
        "leap year");
  }

  @Test
  void equalScoresChooseTheLongestWindow() {
    MarketplaceBuilder b = new MarketplaceBuilder();
    positive(b, "p1", "c1", "2026-10-01"); // 6-month window: 1 positive, 1 neutral: 50
    neutral(b, "n1", "c2", "2026-09-01");
    positive(b, "p2", "c3", "2026-03-01"); // 12-month window adds the same mix: 50
    neutral(b, "n2", "c4", "2026-02-01");
    negative(b, "x", "c5", "2025-06-01", "100.00"); // 24-month window is lower
    FreelancerJss s = score(b.build(), D, "f");
    assertEquals(50.0, s.window(6).score(), EPS);
    assertEquals(50.0, s.window(12).score(), EPS);
    assertTrue(s.window(24).score() < 50.0);
    assertEquals(12, s.windowMonths(), "tie between 6 and 12 months goes to 12");
    assertEquals(50.0, s.jss(), EPS);
    assertEquals(50L, s.jssDisplay());
  }

  @Test
  void allWindowsAtOneHundredChooseTwentyFourMonths() {
    MarketplaceBuilder b = new MarketplaceBuilder();
    positive(b, "p1", "c1", "2026-10-01");
    positive(b, "p2", "c2", "2026-09-01");
    FreelancerJss s = score(b.build(), D, "f");
    assertEquals(24, s.windowMonths());
    assertEquals(100.0, s.jss(), EPS);
    assertEquals(0, s.whatIfToNinety());
  }

  @Test
  void negativeRawIsClampedAndLossesScaledToOneHundred() {
    MarketplaceBuilder b = new MarketplaceBuilder();
    positive(b, "p", "c1", "2026-10-01"); // w 1.0
    negative(b, "big", "c2", "2026-09-01", "1500.00"); // w 1.5
    negative(b, "small", "c3", "2026-08-01", "100.00"); // w 1.0
    FreelancerJss s = score(b.build(), D, "f");
    assertEquals(100.0 * (1.0 - 2.5) / 3.5, s.window(24).raw(), EPS);
    assertEquals(0.0, s.jss(), EPS);
    assertEquals(0L, s.jssDisplay());
    assertTrue(s.eligible());
    assertEquals(24, s.windowMonths(), "all windows at 0: the longest");
    // unscaled 200 x 1.5 / 3.5 and 200 x 1.0 / 3.5, scaled to total 100: 60 and 40
    assertEquals(60.0, s.contract("big").loss(), EPS);
    assertEquals(40.0, s.contract("small").loss(), EPS);
    assertEquals(0.0, s.contract("p").loss(), EPS);
    assertEquals(100.0, s.factor(ReferenceJss.LOW_PUBLIC_RATING).points(), EPS);
    // (1 + k - 2.5) / (3.5 + k) >= 0.9  <=>  0.1 k >= 4.65  <=>  k >= 46.5
    assertEquals(47, s.whatIfToNinety());
  }

  @Test
  void notEnoughContractsOrClients() {
    MarketplaceBuilder one = new MarketplaceBuilder();
    positive(one, "p1", "c1", "2026-10-01");
    FreelancerJss s = score(one.build(), D, "f");
    assertFalse(s.eligible());
    assertNull(s.jss());
    assertNull(s.jssDisplay());
    assertNull(s.windowMonths());
    assertNull(s.whatIfToNinety());
    assertEquals(ReferenceJss.NOT_ENOUGH_CONTRACTS, s.ineligibleReason());
    assertEquals(1, s.counted(), "counts of the longest window");
    assertEquals(0.0, s.contract("p1").loss(), EPS);
    assertFalse(s.contract("p1").inChosenWindow());
    assertTrue(s.factors().isEmpty());

    MarketplaceBuilder sameClient = new MarketplaceBuilder();
    positive(sameClient, "p1", "c1", "2026-10-01");
    positive(sameClient, "p2", "c1", "2026-09-01");
    assertEquals(
        ReferenceJss.NOT_ENOUGH_CLIENTS, score(sameClient.build(), D, "f").ineligibleReason());

    // an excluded contract from a second client does not help
    MarketplaceBuilder excluded = new MarketplaceBuilder();
    positive(excluded, "p1", "c1", "2026-10-01");
    excluded.contract("x", "f", "c2", "2026-09-01", "2026-09-20", "CLIENT_UNRESPONSIVE");
    assertEquals(
        ReferenceJss.NOT_ENOUGH_CONTRACTS, score(excluded.build(), D, "f").ineligibleReason());
  }

  // Long-term and weight periods -----------------------------------------------------------------

  @Test
  void activeLongTermNeedsNinetyDaysAndAPaymentAfterDMinusNinety() {
    // D - 90 = 2026-08-24; D - 89 = 2026-08-25
    Marketplace m =
        new MarketplaceBuilder()
            .contract("exact", "f", "c1", "2026-08-24T23:59:59Z", null, null)
            .pay("exact", "2026-08-25", "10.00")
            .contract("young", "f", "c2", "2026-08-25", null, null)
            .pay("young", "2026-11-01", "10.00")
            .contract("paidOnDMinus90", "f", "c3", "2026-01-01", null, null)
            .pay("paidOnDMinus90", "2026-08-24T23:59:59Z", "10.00")
            .contract("paidZero", "f", "c4", "2026-01-01", null, null)
            .pay("paidZero", "2026-11-21", "0.00")
            .pay("paidZero", "2026-11-20", "-5.00")
            .contract("paidLastSecond", "f", "c5", "2026-01-01", null, null)
            .pay("paidLastSecond", "2026-11-22T23:59:59Z", "10.00")
            .contract("paidAfterD", "f", "c6", "2026-01-01", null, null)
            .pay("paidAfterD", "2026-11-23", "10.00")
            .build();
    FreelancerJss s = score(m, D, "f");
    assertNotNull(s.contract("exact"), "started exactly 90 days before D, paid D-89");
    assertNull(s.contract("young"), "89 days old: not yet a candidate");
    assertNull(s.contract("paidOnDMinus90"), "a payment on D-90 is not after D-90");
    assertNull(s.contract("paidZero"), "payments must be > 0");
    assertNotNull(s.contract("paidLastSecond"), "a payment at D 23:59:59 is visible");
    assertNull(s.contract("paidAfterD"), "a payment at D+1 00:00 is not");
    assertEquals(ReferenceJss.LONG_TERM, s.contract("exact").reason());
    assertEquals(6, s.contract("exact").smallestWindowMonths(), "active long-term: every window");
  }

  @Test
  void weightPeriodIsCompleteOnItsEndDateAndHoldsPaymentsUpToTheDayBefore() {
    // 2026-01-01 + 90 days = 2026-04-01
    Marketplace m =
        new MarketplaceBuilder()
            .contract("complete", "f", "c", "2026-01-01", "2026-04-01", "COMPLETED")
            .pay("complete", "2026-03-31T23:59:59Z", "100.00")
            .contract("incomplete", "f", "c", "2026-01-01", "2026-03-31T23:59:59Z", "COMPLETED")
            .pay("incomplete", "2026-03-31", "100.00")
            .contract("paidNextPeriod", "f", "c", "2026-01-01", "2026-04-01", "COMPLETED")
            .pay("paidNextPeriod", "2026-04-01", "100.00")
            .contract("refundOnly", "f", "c", "2026-01-01", "2026-04-01", "COMPLETED")
            .pay("refundOnly", "2025-12-31", "100.00") // before its start: in no period
            .pay("refundOnly", "2026-02-01", "-50.00")
            .build();
    FreelancerJss s = score(m, D, "f");
    assertEquals(2.0, s.contract("complete").weight(), EPS);
    assertEquals(1.0, s.contract("incomplete").weight(), EPS);
    assertEquals(1.0, s.contract("paidNextPeriod").weight(), EPS);
    assertEquals(1.0, s.contract("refundOnly").weight(), EPS);
  }

  @Test
  void activeContractPeriodsCompleteAtDAndWeightIsCapped() {
    // started 2024-01-01, paid $400 every 30 days until D: earnings > $1,000 (1.5) + 11 periods
    MarketplaceBuilder b = new MarketplaceBuilder().contract("k", "f", "c", "2024-01-01", null, null);
    for (LocalDate p = LocalDate.parse("2024-01-01"); !p.isAfter(D); p = p.plusDays(30)) {
      b.pay("k", p.toString(), "400.00");
    }
    assertEquals(8.0, score(b.build(), D, "f").contract("k").weight(), EPS);

    // D = 2026-11-22; started 2026-08-24 (D - 90): period 0 ends on D, so it is complete
    Marketplace m =
        new MarketplaceBuilder()
            .contract("k", "f", "c", "2026-08-24", null, null)
            .pay("k", "2026-08-30", "100.00")
            .build();
    assertEquals(2.0, score(m, D, "f").contract("k").weight(), EPS);
    assertNull(
        score(m, D.minusDays(1), "f").contract("k"),
        "a day earlier it is 89 days old: not a candidate at all");
  }

  @Test
  void weightTiersOnExactEarnings() {
    MarketplaceBuilder b = new MarketplaceBuilder();
    String[][] cases = {
      {"t250", "250.00"}, {"t250c", "250.01"}, {"t1000", "1000.00"}, {"t1000c", "1000.01"},
      {"refunded", "1200.00"}
    };
    for (String[] c : cases) {
      b.contract(c[0], "f", "c", "2026-10-01", "2026-10-10", "COMPLETED")
          .pay(c[0], "2026-10-05", c[1])
          .clientFeedback(c[0], "2026-10-11", 5.0, null);
    }
    b.pay("refunded", "2026-10-06", "-200.00"); // 1,000.00 net
    FreelancerJss s = score(b.build(), D, "f");
    assertEquals(1.0, s.contract("t250").weight(), EPS);
    assertEquals(1.25, s.contract("t250c").weight(), EPS);
    assertEquals(1.25, s.contract("t1000").weight(), EPS);
    assertEquals(1.5, s.contract("t1000c").weight(), EPS);
    assertEquals(1.25, s.contract("refunded").weight(), EPS);
    assertEquals(0, new java.math.BigDecimal("1000").compareTo(s.contract("refunded").earnings()));
  }

  // Feedback selection ---------------------------------------------------------------------------

  @Test
  void equalTimestampsTakeTheLessFavourableRow() {
    String t = "2026-10-02T12:00:00Z";
    Marketplace m =
        new MarketplaceBuilder()
            .contract("pub", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("pub", "2026-10-01", "100.00")
            .clientFeedback("pub", t, 5.0, 10.0)
            .clientFeedback("pub", t, 3.0, 10.0)
            .contract("priv", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("priv", "2026-10-01", "100.00")
            .clientFeedback("priv", t, 5.0, 10.0)
            .clientFeedback("priv", t, 5.0, 7.0)
            .contract("missingPub", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("missingPub", "2026-10-01", "100.00")
            .clientFeedback("missingPub", t, 4.2, null)
            .clientFeedback("missingPub", t, null, 10.0)
            .contract("missingPriv", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("missingPriv", "2026-10-01", "100.00")
            .clientFeedback("missingPriv", t, 5.0, 8.0)
            .clientFeedback("missingPriv", t, 5.0, null)
            .build();
    FreelancerJss s = score(m, D, "f");
    assertEquals(ReferenceJss.LOW_PUBLIC_RATING, s.contract("pub").reason());
    assertEquals(ReferenceJss.MIXED_PRIVATE_SCORE, s.contract("priv").reason());
    // a missing public rating ranks below 4.2: the (null, 10) row counts
    assertEquals(ReferenceJss.GOOD_FEEDBACK, s.contract("missingPub").reason());
    assertNull(s.contract("missingPub").publicRating());
    // a missing private score ranks below 8: the (5.0, null) row counts
    assertEquals(ReferenceJss.GOOD_FEEDBACK, s.contract("missingPriv").reason());
    assertNull(s.contract("missingPriv").privateScore());
  }

  @Test
  void theLatestVisibleRowCounts() {
    Marketplace m =
        new MarketplaceBuilder()
            .contract("later", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("later", "2026-10-01", "100.00")
            .clientFeedback("later", "2026-10-02", 3.0, null)
            .clientFeedback("later", "2026-10-02T00:00:01Z", 5.0, null)
            .contract("future", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("future", "2026-10-01", "100.00")
            .clientFeedback("future", "2026-10-02", 3.0, null)
            .clientFeedback("future", "2026-11-23", 5.0, null)
            .contract("emptyLast", "f", "c", "2026-09-01", "2026-10-01", "COMPLETED")
            .pay("emptyLast", "2026-10-01", "100.00")
            .clientFeedback("emptyLast", "2026-10-02", 5.0, null)
            .clientFeedback("emptyLast", "2026-10-03", null, null)
            .build();
    FreelancerJss s = score(m, D, "f");
    assertEquals(ReferenceJss.GOOD_FEEDBACK, s.contract("later").reason());
    assertEquals(ReferenceJss.LOW_PUBLIC_RATING, s.contract("future").reason(), "after D: unseen");
    assertEquals(ReferenceJss.NO_FEEDBACK, s.contract("emptyLast").reason(), "an empty latest row counts");
  }

  // Point in time --------------------------------------------------------------------------------

  @Test
  void contractsAndEndsAfterDAreInvisible() {
    Marketplace m =
        new MarketplaceBuilder()
            .contract("future", "late", "c", "2026-11-23", null, null)
            .contract("lastSecond", "edge", "c", "2026-11-22T23:59:59Z", null, null)
            // ends at D+1 00:00 for a freelancer-side reason: active at D, reason hidden
            .contract("endsLater", "f", "c", "2026-01-01", "2026-11-23", "QUALITY_ISSUES")
            .pay("endsLater", "2026-11-01", "100.00")
            .build();
    Map<String, FreelancerJss> all = ReferenceJss.score(m, D, POLICY);
    assertFalse(all.containsKey("late"), "a contract starting after D does not exist");
    assertTrue(all.containsKey("edge"), "a contract starting at D 23:59:59 exists");
    assertTrue(all.get("edge").contracts().isEmpty(), "but is not a candidate");
    ContractOutcome o = all.get("f").contract("endsLater");
    assertTrue(o.active());
    assertNull(o.endDate());
    assertEquals(ReferenceJss.LONG_TERM, o.reason());
    // a day later it has ended, for a freelancer-side reason
    ContractOutcome next = score(m, D.plusDays(1), "f").contract("endsLater");
    assertEquals(ReferenceJss.FREELANCER_SIDE_END, next.reason());
  }

  // What-ifs -------------------------------------------------------------------------------------

  @Test
  void closingAnInactiveContractNowWithoutFeedback() {
    MarketplaceBuilder b = new MarketplaceBuilder();
    positive(b, "p1", "c1", "2026-10-01");
    positive(b, "p2", "c2", "2026-09-01");
    b.contract("idle", "f", "c3", "2026-10-10", null, null);
    b.contract("paid", "f", "c4", "2026-10-10", null, null).pay("paid", "2026-10-11", "50.00");
    Marketplace m = b.build();
    assertEquals(100.0, score(m, D, "f").jss(), EPS);

    FreelancerJss other = ReferenceJss.scoreWithClosed(m, D, POLICY, "idle", "OTHER");
    // no earnings: NO_EARNINGS, w 1.0 -> 100 x (2 - 1) / 3
    assertEquals(100.0 / 3.0, other.jss(), EPS);
    assertEquals(D, other.contract("idle").endDate());
    assertEquals(ReferenceJss.NO_EARNINGS, other.contract("idle").reason());

    FreelancerJss unresponsive =
        ReferenceJss.scoreWithClosed(m, D, POLICY, "idle", "CLIENT_UNRESPONSIVE");
    assertEquals(100.0, unresponsive.jss(), EPS, "client-side end without earnings: excluded");

    FreelancerJss paid = ReferenceJss.scoreWithClosed(m, D, POLICY, "paid", "OTHER");
    assertEquals(ReferenceJss.NO_FEEDBACK, paid.contract("paid").reason());
    assertEquals(100.0, paid.jss(), EPS);

    assertThrows(
        IllegalArgumentException.class,
        () -> ReferenceJss.closeNow(m, D, "p1", "OTHER"),
        "p1 has already ended");
    Marketplace closed = ReferenceJss.closeNow(m, D, "idle", "OTHER");
    assertEquals(4, closed.contracts().size());
    assertEquals(m.feedback(), closed.feedback(), "no feedback added");
  }

  @Test
  void displayRoundsHalfUpWithTolerance() {
    assertEquals(67L, ReferenceJss.display(66.5));
    assertEquals(67L, ReferenceJss.display(66.5 - 5e-10));
    assertEquals(66L, ReferenceJss.display(66.5 - 5e-9));
    assertEquals(67L, ReferenceJss.display(200.0 / 3.0));
    assertEquals(0L, ReferenceJss.display(0.0));
    assertEquals(100L, ReferenceJss.display(100.0));
    assertEquals(1L, ReferenceJss.display(0.5));
  }
}
