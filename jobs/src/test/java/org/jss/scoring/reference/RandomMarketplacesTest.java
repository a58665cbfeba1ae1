package org.jss.scoring.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jss.config.JssPolicy;
import org.junit.jupiter.api.Test;

/**
 * Properties of the reference JSS over seeded random marketplaces, and proof that the generator
 * plants the edges it promises (so the Spark property test that reuses it exercises them).
 */
class RandomMarketplacesTest {

  static final int SEEDS = 400;
  static final JssPolicy POLICY = JssPolicy.defaults();
  static final double EPS = 1e-9;

  @Test
  void breakdownSumsToTheScore() {
    int eligible = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      RandomMarketplaces.Sample s = RandomMarketplaces.generate(seed);
      for (FreelancerJss f : ReferenceJss.score(s.marketplace(), s.asOf(), POLICY).values()) {
        String at = "seed " + seed + " freelancer " + f.freelancerId();
        double lost = 0;
        for (ContractOutcome c : f.contracts()) {
          assertTrue(c.loss() >= 0, at + " " + c.contractId() + " loses a negative amount");
          if (!c.inChosenWindow() || !c.counted() || ReferenceJss.POSITIVE.equals(c.klass())) {
            assertEquals(0.0, c.loss(), 0.0, at + " " + c.contractId() + " should lose nothing");
          }
          lost += c.loss();
        }
        double factorPoints = f.factors().stream().mapToDouble(Factor::points).sum();
        assertEquals(lost, factorPoints, EPS, at + ": factors add up to the losses");
        if (f.eligible()) {
          eligible++;
          assertEquals(f.jss(), 100.0 - lost, EPS, at + ": 100 - losses = JSS");
          assertEquals(ReferenceJss.display(f.jss()), f.jssDisplay(), at);
        } else {
          assertEquals(0.0, lost, 0.0, at);
          assertNull(f.jss(), at);
        }
      }
    }
    assertTrue(eligible > SEEDS, "enough eligible freelancers to mean something: " + eligible);
  }

  @Test
  void chosenWindowIsTheBestQualifyingOneAndTheLongestOnATie() {
    for (long seed = 0; seed < SEEDS; seed++) {
      RandomMarketplaces.Sample s = RandomMarketplaces.generate(seed);
      for (FreelancerJss f : ReferenceJss.score(s.marketplace(), s.asOf(), POLICY).values()) {
        String at = "seed " + seed + " freelancer " + f.freelancerId();
        Double best = null;
        Integer bestMonths = null;
        for (WindowScore w : f.windows()) { // shortest first
          if (w.qualifies() && (best == null || w.score() >= best)) {
            best = w.score();
            bestMonths = w.months();
          }
        }
        assertEquals(best, f.jss(), at);
        assertEquals(bestMonths, f.windowMonths(), at);
        assertEquals(best != null, f.eligible(), at);
      }
    }
  }

  @Test
  void whatIfIsTheSmallestSufficientNumber() {
    for (long seed = 0; seed < SEEDS; seed++) {
      RandomMarketplaces.Sample s = RandomMarketplaces.generate(seed);
      for (FreelancerJss f : ReferenceJss.score(s.marketplace(), s.asOf(), POLICY).values()) {
        if (!f.eligible()) {
          assertNull(f.whatIfToNinety());
          continue;
        }
        String at = "seed " + seed + " freelancer " + f.freelancerId();
        int k = f.whatIfToNinety();
        assertTrue(scoreWithMore(f, k) >= 90.0 - EPS, at + ": " + k + " is enough");
        if (k > 0) {
          assertTrue(scoreWithMore(f, k - 1) < 90.0, at + ": " + (k - 1) + " is not enough");
        }
      }
    }
  }

  private static double scoreWithMore(FreelancerJss f, int k) {
    double raw = 100.0 * (f.positiveWeight() + k - f.negativeWeight()) / (f.totalWeight() + k);
    return Math.max(0, Math.min(100, raw));
  }

  /** Removing every event a run as of D cannot see changes nothing. */
  @Test
  void eventsAfterDAreInvisible() {
    int changedInputs = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      RandomMarketplaces.Sample s = RandomMarketplaces.generate(seed);
      Marketplace visible = visibleOnly(s.marketplace(), s.asOf());
      if (!visible.equals(s.marketplace())) {
        changedInputs++;
      }
      assertEquals(
          ReferenceJss.score(s.marketplace(), s.asOf(), POLICY),
          ReferenceJss.score(visible, s.asOf(), POLICY),
          "seed " + seed);
    }
    assertTrue(changedInputs > SEEDS / 2, "most samples hold events after D: " + changedInputs);
  }

  static Marketplace visibleOnly(Marketplace m, LocalDate asOf) {
    Instant cut = ReferenceJss.cutoff(asOf);
    List<ContractIn> contracts = new ArrayList<>();
    for (ContractIn c : m.contracts()) {
      if (c.startedAt().isBefore(cut)) {
        contracts.add(
            c.endedAt() != null && !c.endedAt().isBefore(cut) ? c.endedAs(null, null, null) : c);
      }
    }
    List<DisputeIn> disputes = new ArrayList<>();
    for (DisputeIn d : m.disputes()) {
      if (d.openedAt().isBefore(cut)) {
        boolean closed = d.closedAt() != null && d.closedAt().isBefore(cut);
        disputes.add(
            closed
                ? d
                : new DisputeIn(
                    d.disputeId(), d.contractId(), d.openedBy(), d.openedAt(), null, "OPEN", d.amount()));
      }
    }
    return new Marketplace(
        m.accounts(),
        contracts,
        m.payments().stream().filter(p -> p.paidAt().isBefore(cut)).toList(),
        m.feedback().stream().filter(f -> f.submittedAt().isBefore(cut)).toList(),
        disputes,
        m.activity().stream().filter(a -> a.occurredAt().isBefore(cut)).toList(),
        m.decisions());
  }

  @Test
  void sameSeedSameMarketplace() {
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(RandomMarketplaces.generate(seed), RandomMarketplaces.generate(seed));
    }
    assertFalse(RandomMarketplaces.generate(1).equals(RandomMarketplaces.generate(2)));
  }

  @Test
  void rowsAreValidInputs() {
    for (long seed = 0; seed < SEEDS; seed++) {
      Marketplace m = RandomMarketplaces.generate(seed).marketplace();
      String at = "seed " + seed;
      Map<String, ContractIn> byId = new HashMap<>();
      for (ContractIn c : m.contracts()) {
        assertNull(byId.put(c.contractId(), c), at + " duplicate contract id");
        if (c.endedAt() != null) {
          assertFalse(c.endedAt().isBefore(c.startedAt()), at + " " + c);
          assertNotNull(c.endReason(), at + " " + c);
        } else {
          assertNull(c.endReason(), at + " " + c);
        }
      }
      Set<String> paymentIds = new HashSet<>();
      for (PaymentIn p : m.payments()) {
        assertTrue(paymentIds.add(p.paymentId()), at + " duplicate payment id");
        assertFalse(p.paidAt().isBefore(byId.get(p.contractId()).startedAt()), at + " " + p);
      }
      assertEquals(new HashSet<>(m.feedback()).size(), m.feedback().size(), at + " duplicate row");
      for (FeedbackIn f : m.feedback()) {
        assertFalse(f.submittedAt().isBefore(byId.get(f.contractId()).startedAt()), at + " " + f);
        assertTrue(f.publicRating() == null || (f.publicRating() >= 1 && f.publicRating() <= 5), at);
        assertTrue(f.privateScore() == null || (f.privateScore() >= 0 && f.privateScore() <= 10), at);
        assertTrue("CLIENT".equals(f.givenBy()) || f.privateScore() == null, at + " " + f);
      }
      for (DisputeIn d : m.disputes()) {
        assertFalse(d.openedAt().isBefore(byId.get(d.contractId()).startedAt()), at + " " + d);
        assertTrue(d.closedAt() == null || !d.closedAt().isBefore(d.openedAt()), at + " " + d);
        assertEquals(d.closedAt() == null, "OPEN".equals(d.outcome()), at + " " + d);
      }
    }
  }

  /** The edges the generator promises all show up within the seeds the property tests use. */
  @Test
  void generatorHitsEveryEdge() {
    Set<String> seen = new TreeSet<>();
    for (long seed = 0; seed < SEEDS; seed++) {
      RandomMarketplaces.Sample s = RandomMarketplaces.generate(seed);
      Marketplace m = s.marketplace();
      LocalDate d = s.asOf();
      Instant cut = ReferenceJss.cutoff(d);
      if (d.plusDays(1).getDayOfMonth() == 1) {
        seen.add("month-end as-of");
      }
      if (d.getMonthValue() == 2 && d.getDayOfMonth() >= 28) {
        seen.add("February as-of");
      }
      Map<String, FreelancerJss> scores = ReferenceJss.score(m, d, POLICY);
      for (FreelancerJss f : scores.values()) {
        seen.add(f.eligible() ? "eligible" : f.ineligibleReason());
        if (f.eligible()) {
          seen.add("chosen " + f.windowMonths());
          WindowScore w = f.window(f.windowMonths());
          if (w.raw() < 0) {
            seen.add("raw < 0");
          }
          if (f.whatIfToNinety() > 0) {
            seen.add("what-if > 0");
          }
        }
        for (ContractOutcome c : f.contracts()) {
          seen.add(c.reason());
          if (c.privateDependent()) {
            seen.add("private-dependent");
          }
          if (c.weight() == 8.0) {
            seen.add("weight cap");
          }
          if (c.earnings().signum() < 0) {
            seen.add("negative earnings");
          }
        }
      }
      for (ContractIn c : m.contracts()) {
        if (!c.startedAt().isBefore(cut)) {
          seen.add("contract after D");
        }
        if (c.endedAt() != null && !c.endedAt().isBefore(cut) && c.startedAt().isBefore(cut)) {
          seen.add("end after D");
        }
        if (c.endedAt() != null && c.endedAt().equals(cut.minusSeconds(1))) {
          seen.add("end at D 23:59:59");
        }
        if (c.endReason() != null) {
          seen.add("reason " + c.endReason());
        }
      }
      for (PaymentIn p : m.payments()) {
        LocalDate pd = ReferenceJss.utcDate(p.paidAt());
        if (pd.equals(d.minusDays(90))) {
          seen.add("payment on D-90");
        }
        if (pd.equals(d.minusDays(89))) {
          seen.add("payment on D-89");
        }
        if (!p.paidAt().isBefore(cut)) {
          seen.add("payment after D");
        }
        if (p.amountUsd().signum() == 0) {
          seen.add("zero payment");
        }
      }
      Set<String> stamps = new HashSet<>();
      for (FeedbackIn f : m.feedback()) {
        if ("CLIENT".equals(f.givenBy()) && !stamps.add(f.contractId() + "@" + f.submittedAt())) {
          seen.add("feedback tie");
        }
        if (!f.submittedAt().isBefore(cut)) {
          seen.add("feedback after D");
        }
      }
      Set<String> closes = new HashSet<>();
      for (DisputeIn x : m.disputes()) {
        if (x.closedAt() == null) {
          seen.add("dispute open");
        } else if (!x.closedAt().isBefore(cut)) {
          seen.add("dispute closed after D");
        } else if (!closes.add(x.contractId() + "@" + x.closedAt())) {
          seen.add("dispute close tie");
        }
      }
    }
    List<String> expected = new ArrayList<>();
    expected.addAll(
        List.of(
            ReferenceJss.BAD_ACTOR_CLIENT, ReferenceJss.DISPUTE_OPEN, ReferenceJss.CLIENT_SIDE_END,
            ReferenceJss.DISPUTE_LOST, ReferenceJss.LOW_PUBLIC_RATING, ReferenceJss.LOW_PRIVATE_SCORE,
            ReferenceJss.FREELANCER_SIDE_END, ReferenceJss.ZERO_EARNINGS_GOOD_FEEDBACK,
            ReferenceJss.NO_EARNINGS, ReferenceJss.LONG_TERM, ReferenceJss.NO_FEEDBACK,
            ReferenceJss.GOOD_FEEDBACK, ReferenceJss.MIXED_PUBLIC_RATING,
            ReferenceJss.MIXED_PRIVATE_SCORE));
    expected.addAll(
        List.of(
            "eligible", ReferenceJss.NOT_ENOUGH_CONTRACTS, ReferenceJss.NOT_ENOUGH_CLIENTS,
            "chosen 6", "chosen 12", "chosen 24", "raw < 0", "what-if > 0", "private-dependent",
            "weight cap", "negative earnings", "month-end as-of", "February as-of",
            "contract after D", "end after D", "end at D 23:59:59", "payment on D-90",
            "payment on D-89", "payment after D", "zero payment", "feedback tie",
            "feedback after D", "dispute open", "dispute closed after D", "dispute close tie"));
    for (String r : RandomMarketplaces.END_REASONS) {
      expected.add("reason " + r);
    }
    List<String> missing = expected.stream().filter(e -> !seen.contains(e)).toList();
    assertTrue(missing.isEmpty(), "never generated: " + missing);
  }
}
