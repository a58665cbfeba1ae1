package org.jss.scoring.reference;

import static org.jss.scoring.reference.ReferenceJss.BAD_ACTOR_CLIENT;
import static org.jss.scoring.reference.ReferenceJss.CLIENT_SIDE_END;
import static org.jss.scoring.reference.ReferenceJss.DISPUTE_LOST;
import static org.jss.scoring.reference.ReferenceJss.DISPUTE_OPEN;
import static org.jss.scoring.reference.ReferenceJss.EXCLUDED;
import static org.jss.scoring.reference.ReferenceJss.FREELANCER_SIDE_END;
import static org.jss.scoring.reference.ReferenceJss.GOOD_FEEDBACK;
import static org.jss.scoring.reference.ReferenceJss.LONG_TERM;
import static org.jss.scoring.reference.ReferenceJss.LOW_PRIVATE_SCORE;
import static org.jss.scoring.reference.ReferenceJss.LOW_PUBLIC_RATING;
import static org.jss.scoring.reference.ReferenceJss.MIXED_PRIVATE_SCORE;
import static org.jss.scoring.reference.ReferenceJss.MIXED_PUBLIC_RATING;
import static org.jss.scoring.reference.ReferenceJss.NEGATIVE;
import static org.jss.scoring.reference.ReferenceJss.NEUTRAL;
import static org.jss.scoring.reference.ReferenceJss.NO_EARNINGS;
import static org.jss.scoring.reference.ReferenceJss.NO_FEEDBACK;
import static org.jss.scoring.reference.ReferenceJss.POSITIVE;
import static org.jss.scoring.reference.ReferenceJss.ZERO_EARNINGS_GOOD_FEEDBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.jss.config.JssPolicy;
import org.junit.jupiter.api.Test;

/**
 * Each of the 14 ordered rules with a small case, and the rule just after it where the order matters.
 * As of 2026-11-22; contract "k" of freelancer "f" with client "c", ended 2026-10-01 after 31 days
 * unless a case says otherwise.
 */
class OrderedRulesTest {

  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final JssPolicy POLICY = JssPolicy.defaults();

  /** A short ended contract k (2026-09-01 .. 2026-10-01) with what {@code extra} adds. */
  static ContractOutcome judge(String endReason, UnaryOperator<MarketplaceBuilder> extra) {
    MarketplaceBuilder b =
        new MarketplaceBuilder().contract("k", "f", "c", "2026-09-01", "2026-10-01", endReason);
    return judge(extra.apply(b).build(), "k");
  }

  static ContractOutcome judge(Marketplace m, String contract) {
    String freelancer =
        m.contracts().stream()
            .filter(c -> c.contractId().equals(contract))
            .findFirst()
            .orElseThrow()
            .freelancerId();
    FreelancerJss s = ReferenceJss.score(m, D, POLICY).get(freelancer);
    assertNotNull(s, "freelancer " + freelancer + " is scored");
    ContractOutcome o = s.contract(contract);
    assertNotNull(o, contract + " is a candidate");
    return o;
  }

  static void is(ContractOutcome o, String klass, String reason) {
    assertEquals(klass + "/" + reason, o.klass() + "/" + o.reason(), o.contractId());
  }

  /** A client "c" with {@code low} freelancer ratings of 2.0 and {@code high} of 5.0 on other work. */
  static MarketplaceBuilder clientRated(MarketplaceBuilder b, int low, int high) {
    b.contract("other", "g", "c", "2026-01-01", "2026-02-01", "COMPLETED");
    for (int i = 0; i < low; i++) {
      b.freelancerFeedback("other", "2026-02-0" + (i + 1), 2.0);
    }
    for (int i = 0; i < high; i++) {
      b.freelancerFeedback("other", "2026-03-0" + (i + 1), 5.0);
    }
    return b;
  }

  /** Contract k, paid $5, whose client rated it {@code pub} and {@code priv}. */
  static ContractOutcome rated(Double pub, Double priv) {
    return judge(
        "COMPLETED",
        b -> b.pay("k", "2026-10-01", "5.00").clientFeedback("k", "2026-10-02", pub, priv));
  }

  static MarketplaceBuilder good(MarketplaceBuilder b) {
    return b.pay("k", "2026-10-01", "500.00").clientFeedback("k", "2026-10-02", 5.0, 10.0);
  }

  // 1 ------------------------------------------------------------------------------------------

  @Test
  void rule1BadActorClientAtExactlyHalfOfRatings() {
    is(judge("COMPLETED", b -> clientRated(good(b), 3, 3)), EXCLUDED, BAD_ACTOR_CLIENT);
  }

  @Test
  void rule1NeedsHalfTheRatingsAndAtLeastThreeLowOnes() {
    is(judge("COMPLETED", b -> clientRated(good(b), 3, 4)), POSITIVE, GOOD_FEEDBACK);
    is(judge("COMPLETED", b -> clientRated(good(b), 2, 0)), POSITIVE, GOOD_FEEDBACK);
  }

  @Test
  void rule1CountsEveryRowOnAnyContractOfTheClientButNotUnratedOrFutureRows() {
    ContractOutcome o =
        judge(
            "COMPLETED",
            b ->
                good(b)
                    .contract("x1", "g1", "c", "2025-01-01", "2025-02-01", "COMPLETED")
                    .contract("x2", "g2", "c", "2025-03-01", "2025-04-01", "COMPLETED")
                    .freelancerFeedback("x1", "2025-02-02", 1.0)
                    .freelancerFeedback("x1", "2025-02-03", 2.0)
                    .freelancerFeedback("x2", "2025-04-02", 2.0)
                    .freelancerFeedback("k", "2026-10-02", 4.0)
                    .freelancerFeedback("k", "2026-10-03", 5.0)
                    .freelancerFeedback("k", "2026-10-04", 5.0)
                    .freelancerFeedback("k", "2026-10-05", null) // no rating: not counted
                    .freelancerFeedback("x2", "2026-11-23", 5.0)); // after D: not seen
    is(o, EXCLUDED, BAD_ACTOR_CLIENT);
    // a rating just above the bar is not low
    is(
        judge(
            "COMPLETED",
            b ->
                good(b)
                    .contract("x1", "g1", "c", "2025-01-01", "2025-02-01", "COMPLETED")
                    .freelancerFeedback("x1", "2025-02-02", 1.0)
                    .freelancerFeedback("x1", "2025-02-03", 2.0)
                    .freelancerFeedback("x1", "2025-02-04", 2.1)),
        POSITIVE,
        GOOD_FEEDBACK);
  }

  @Test
  void rule1ComesBeforeAnOpenDispute() {
    is(
        judge("COMPLETED", b -> clientRated(good(b), 3, 0).dispute("k", "2026-09-15", null, null)),
        EXCLUDED,
        BAD_ACTOR_CLIENT);
  }

  // 2 ------------------------------------------------------------------------------------------

  @Test
  void rule2OpenDisputeExcludesEvenALowRating() {
    is(
        judge(
            "COMPLETED",
            b ->
                b.pay("k", "2026-10-01", "500.00")
                    .clientFeedback("k", "2026-10-02", 1.0, 0.0)
                    .dispute("k", "2026-09-15", null, null)),
        EXCLUDED,
        DISPUTE_OPEN);
  }

  @Test
  void rule2DisputeClosedAfterDIsStillOpenAtD() {
    is(
        judge("COMPLETED", b -> good(b).dispute("k", "2026-09-15", "2026-11-23", "FOR_CLIENT")),
        EXCLUDED,
        DISPUTE_OPEN);
    // closed in the last second of D: closed, and lost
    is(
        judge(
            "COMPLETED",
            b -> good(b).dispute("k", "2026-09-15", "2026-11-22T23:59:59Z", "FOR_CLIENT")),
        NEGATIVE,
        DISPUTE_LOST);
  }

  @Test
  void rule2AnyOpenDisputeWinsOverAClosedOne() {
    is(
        judge(
            "COMPLETED",
            b ->
                good(b)
                    .dispute("k", "2026-09-10", "2026-09-20", "FOR_CLIENT")
                    .dispute("k", "2026-09-25", null, null)),
        EXCLUDED,
        DISPUTE_OPEN);
  }

  @Test
  void rule2DisputeOpenedAfterDDoesNotExist() {
    is(
        judge("COMPLETED", b -> good(b).dispute("k", "2026-11-23", null, null)),
        POSITIVE,
        GOOD_FEEDBACK);
  }

  // 3 ------------------------------------------------------------------------------------------

  @Test
  void rule3ClientSideEndWithoutEarnings() {
    is(judge("CLIENT_UNRESPONSIVE", b -> b), EXCLUDED, CLIENT_SIDE_END);
    is(judge("SCOPE_OR_BUDGET_CHANGED", b -> b), EXCLUDED, CLIENT_SIDE_END);
  }

  @Test
  void rule3CountsRefundsAndComesBeforeALostDispute() {
    is(
        judge(
            "CLIENT_UNRESPONSIVE",
            b ->
                b.pay("k", "2026-09-10", "300.00")
                    .pay("k", "2026-09-20", "-350.00")
                    .dispute("k", "2026-09-15", "2026-09-30", "FOR_CLIENT")),
        EXCLUDED,
        CLIENT_SIDE_END);
  }

  @Test
  void rule3NeedsZeroEarnings() {
    is(
        judge("CLIENT_UNRESPONSIVE", b -> b.pay("k", "2026-09-10", "0.01")),
        EXCLUDED,
        NO_FEEDBACK);
  }

  // 4 ------------------------------------------------------------------------------------------

  @Test
  void rule4LostDisputeBeatsGoodFeedback() {
    is(
        judge("COMPLETED", b -> good(b).dispute("k", "2026-09-15", "2026-09-30", "FOR_CLIENT")),
        NEGATIVE,
        DISPUTE_LOST);
  }

  @Test
  void rule4TheDisputeClosedLastCounts() {
    is(
        judge(
            "COMPLETED",
            b ->
                good(b)
                    .dispute("k", "2026-09-05", "2026-09-10", "FOR_CLIENT")
                    .dispute("k", "2026-09-12", "2026-09-20", "FOR_FREELANCER")),
        POSITIVE,
        GOOD_FEEDBACK);
  }

  @Test
  void rule4OnEqualClosingTimesForClientCounts() {
    is(
        judge(
            "COMPLETED",
            b ->
                good(b)
                    .dispute("k", "2026-09-12", "2026-09-20T10:00:00Z", "FOR_FREELANCER")
                    .dispute("k", "2026-09-05", "2026-09-20T10:00:00Z", "FOR_CLIENT")
                    .dispute("k", "2026-09-06", "2026-09-20T10:00:00Z", "SPLIT")),
        NEGATIVE,
        DISPUTE_LOST);
  }

  // 5, 6 -----------------------------------------------------------------------------------------

  @Test
  void rule5LowPublicRatingBelowFour() {
    is(
        judge(
            "COMPLETED",
            b -> b.pay("k", "2026-10-01", "500.00").clientFeedback("k", "2026-10-02", 3.9, 10.0)),
        NEGATIVE,
        LOW_PUBLIC_RATING);
    is(
        judge(
            "COMPLETED",
            b -> b.pay("k", "2026-10-01", "500.00").clientFeedback("k", "2026-10-02", 4.0, 10.0)),
        NEUTRAL,
        MIXED_PUBLIC_RATING);
  }

  @Test
  void rule6LowPrivateScoreAtSixIsPrivateDependent() {
    ContractOutcome o =
        judge(
            "COMPLETED",
            b -> b.pay("k", "2026-10-01", "500.00").clientFeedback("k", "2026-10-02", 5.0, 6.0));
    is(o, NEGATIVE, LOW_PRIVATE_SCORE);
    assertTrue(o.privateDependent(), "without the 6 it would be GOOD_FEEDBACK");
    is(
        judge(
            "COMPLETED",
            b -> b.pay("k", "2026-10-01", "500.00").clientFeedback("k", "2026-10-02", 5.0, 6.5)),
        NEUTRAL,
        MIXED_PRIVATE_SCORE);
  }

  @Test
  void rule5ComesBeforeRule6AndIsNotPrivateDependent() {
    ContractOutcome o =
        judge(
            "COMPLETED",
            b -> b.pay("k", "2026-10-01", "500.00").clientFeedback("k", "2026-10-02", 2.0, 1.0));
    is(o, NEGATIVE, LOW_PUBLIC_RATING);
    assertFalse(o.privateDependent());
  }

  // 7 ------------------------------------------------------------------------------------------

  @Test
  void rule7FreelancerSideEndBeatsGoodFeedback() {
    for (String reason : new String[] {"FREELANCER_UNRESPONSIVE", "QUALITY_ISSUES", "MISSED_DEADLINES"}) {
      is(judge(reason, OrderedRulesTest::good), NEGATIVE, FREELANCER_SIDE_END);
    }
    // and comes before the zero-earnings rules
    is(judge("QUALITY_ISSUES", b -> b), NEGATIVE, FREELANCER_SIDE_END);
  }

  // 8, 9 -----------------------------------------------------------------------------------------

  @Test
  void rule8ZeroEarningsWithGoodFeedbackIsExcluded() {
    is(
        judge("OTHER", b -> b.clientFeedback("k", "2026-10-02", 4.5, null)),
        EXCLUDED,
        ZERO_EARNINGS_GOOD_FEEDBACK);
    is(
        judge("MUTUAL", b -> b.clientFeedback("k", "2026-10-02", null, 9.0)),
        EXCLUDED,
        ZERO_EARNINGS_GOOD_FEEDBACK);
  }

  @Test
  void rule9ZeroEarningsOtherwiseIsNegative() {
    is(judge("OTHER", b -> b), NEGATIVE, NO_EARNINGS);
    is(judge("COMPLETED", b -> b.clientFeedback("k", "2026-10-02", 4.49, 10.0)), NEGATIVE, NO_EARNINGS);
    is(
        judge("COMPLETED", b -> b.pay("k", "2026-09-10", "300.00").pay("k", "2026-09-11", "-300.00")),
        NEGATIVE,
        NO_EARNINGS);
  }

  @Test
  void rule9ZeroEarningsAfterALongRelationshipIsStillNegative() {
    MarketplaceBuilder b =
        new MarketplaceBuilder().contract("k", "f", "c", "2026-01-01", "2026-10-01", "COMPLETED");
    is(judge(b.build(), "k"), NEGATIVE, NO_EARNINGS);
  }

  // 10, 11 ---------------------------------------------------------------------------------------

  @Test
  void rule10EndedAfterNinetyDaysWithoutFeedbackIsPositive() {
    // 2026-07-03 + 90 days = 2026-10-01
    Marketplace m =
        new MarketplaceBuilder()
            .contract("k", "f", "c", "2026-07-03T23:00:00Z", "2026-10-01T01:00:00Z", "COMPLETED")
            .pay("k", "2026-08-01", "100.00")
            .contract("k89", "f", "c", "2026-07-04", "2026-10-01", "COMPLETED")
            .pay("k89", "2026-08-01", "100.00")
            .build();
    is(judge(m, "k"), POSITIVE, LONG_TERM);
    is(judge(m, "k89"), EXCLUDED, NO_FEEDBACK);
  }

  @Test
  void rule10NeedsNoRatingBelowTheGoodBars() {
    Marketplace m =
        new MarketplaceBuilder()
            .contract("pub", "f", "c", "2026-01-01", "2026-10-01", "COMPLETED")
            .pay("pub", "2026-08-01", "100.00")
            .clientFeedback("pub", "2026-10-02", 4.4, null)
            .contract("priv", "f", "c", "2026-01-01", "2026-10-01", "COMPLETED")
            .pay("priv", "2026-08-01", "100.00")
            .clientFeedback("priv", "2026-10-02", null, 8.0)
            .contract("good", "f", "c", "2026-01-01", "2026-10-01", "COMPLETED")
            .pay("good", "2026-08-01", "100.00")
            .clientFeedback("good", "2026-10-02", 4.5, 9.0)
            .build();
    is(judge(m, "pub"), NEUTRAL, MIXED_PUBLIC_RATING);
    ContractOutcome priv = judge(m, "priv");
    is(priv, NEUTRAL, MIXED_PRIVATE_SCORE);
    assertTrue(priv.privateDependent(), "without its private 8 it would be LONG_TERM");
    is(judge(m, "good"), POSITIVE, LONG_TERM);
  }

  @Test
  void rule10ActiveLongTermIsPositive() {
    Marketplace m =
        new MarketplaceBuilder()
            .contract("k", "f", "c", "2026-05-01", null, null)
            .pay("k", "2026-11-01", "100.00")
            .build();
    ContractOutcome o = judge(m, "k");
    is(o, POSITIVE, LONG_TERM);
    assertTrue(o.active());
  }

  @Test
  void rule11NoFeedbackExcludesAShortPaidContract() {
    is(judge("COMPLETED", b -> b.pay("k", "2026-10-01", "500.00")), EXCLUDED, NO_FEEDBACK);
  }

  // 12-14 ----------------------------------------------------------------------------------------

  @Test
  void rule12GoodFeedback() {
    is(
        rated(4.5, null),
        POSITIVE,
        GOOD_FEEDBACK);
    ContractOutcome privateOnly =
        rated(null, 9.0);
    is(privateOnly, POSITIVE, GOOD_FEEDBACK);
    assertTrue(privateOnly.privateDependent(), "without its private 9 it would be NO_FEEDBACK");
  }

  @Test
  void rule13And14MixedFeedback() {
    is(
        rated(4.49, 10.0),
        NEUTRAL,
        MIXED_PUBLIC_RATING);
    is(
        rated(4.8, 8.9),
        NEUTRAL,
        MIXED_PRIVATE_SCORE);
    is(
        rated(null, 7.0),
        NEUTRAL,
        MIXED_PRIVATE_SCORE);
  }
}
