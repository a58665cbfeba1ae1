package org.jss.scoring.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.jss.config.JssPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of SPEC section 5, number by number. */
class WorkedExampleTest {

  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final double EPS = 1e-9;

  /** Contracts A-G of the example; every one with a different client; freelancer "fx". */
  static Marketplace example() {
    return new MarketplaceBuilder()
        // A: $1,200, rated 5.0 and 10, ran 60 days -> positive GOOD_FEEDBACK, w 1.5
        .contract("A", "fx", "cA", "2026-08-01", "2026-09-30", "COMPLETED")
        .pay("A", "2026-09-30", "1200.00")
        .clientFeedback("A", "2026-10-01", 5.0, 10.0)
        // B: $0, OTHER, no feedback -> NO_EARNINGS, w 1.0
        .contract("B", "fx", "cB", "2026-07-01", "2026-08-12", "OTHER")
        // C: $0, CLIENT_UNRESPONSIVE -> excluded
        .contract("C", "fx", "cC", "2026-06-01", "2026-07-01", "CLIENT_UNRESPONSIVE")
        // F: 120 days, $2,500 with a payment in its first 90 days, rated 5.0 -> LONG_TERM, w 2.5
        .contract("F", "fx", "cF", "2026-06-22", "2026-10-20", "COMPLETED")
        .pay("F", "2026-07-15", "1000.00")
        .pay("F", "2026-10-15", "1500.00")
        .clientFeedback("F", "2026-10-21", 5.0, null)
        // G: $150, rated 4.8 -> positive, w 1.0
        .contract("G", "fx", "cG", "2026-09-01", "2026-10-02", "COMPLETED")
        .pay("G", "2026-10-02", "150.00")
        .clientFeedback("G", "2026-10-03", 4.8, null)
        // D: $300, rated 4.2 -> neutral, w 1.25
        .contract("D", "fx", "cD", "2026-04-01", "2026-05-20", "COMPLETED")
        .pay("D", "2026-05-20", "300.00")
        .clientFeedback("D", "2026-05-21", 4.2, null)
        // E: $800, rated 5.0 with private 7 -> neutral, w 1.25, private-dependent
        .contract("E", "fx", "cE", "2026-03-01", "2026-04-02", "COMPLETED")
        .pay("E", "2026-04-02", "800.00")
        .clientFeedback("E", "2026-04-03", 5.0, 7.0)
        .build();
  }

  @Test
  void scoreWindowAndWeights() {
    FreelancerJss s = ReferenceJss.score(example(), D, JssPolicy.defaults()).get("fx");
    assertNotNull(s, "fx has visible contracts");
    assertTrue(s.eligible());
    assertNull(s.ineligibleReason());
    assertEquals(200.0 / 3.0, s.jss(), EPS, "JSS 66.67");
    assertEquals(67L, s.jssDisplay());
    assertEquals(6, s.windowMonths());
    assertEquals(6.0, s.totalWeight(), EPS, "W");
    assertEquals(5.0, s.positiveWeight(), EPS, "P");
    assertEquals(1.0, s.negativeWeight(), EPS, "N");
    assertEquals(4, s.counted());
    assertEquals(LocalDate.parse("2026-05-22"), s.window(6).start());
    assertEquals(List.of("A", "B", "C", "F", "G"), s.window(6).candidateIds());
    for (int m : new int[] {12, 24}) {
      WindowScore w = s.window(m);
      assertEquals(8.5, w.totalWeight(), EPS, m + "-month W");
      assertEquals(400.0 / 8.5, w.score(), EPS, m + "-month score 47.06");
      assertTrue(w.qualifies());
    }
  }

  @Test
  void contractsClassesWeightsAndLosses() {
    FreelancerJss s = ReferenceJss.score(example(), D, JssPolicy.defaults()).get("fx");
    expect(s, "A", ReferenceJss.POSITIVE, ReferenceJss.GOOD_FEEDBACK, 1.5, 0.0, true, 6);
    expect(s, "B", ReferenceJss.NEGATIVE, ReferenceJss.NO_EARNINGS, 1.0, 100.0 / 3.0, true, 6);
    expect(s, "C", ReferenceJss.EXCLUDED, ReferenceJss.CLIENT_SIDE_END, 1.0, 0.0, true, 6);
    expect(s, "F", ReferenceJss.POSITIVE, ReferenceJss.LONG_TERM, 2.5, 0.0, true, 6);
    expect(s, "G", ReferenceJss.POSITIVE, ReferenceJss.GOOD_FEEDBACK, 1.0, 0.0, true, 6);
    expect(s, "D", ReferenceJss.NEUTRAL, ReferenceJss.MIXED_PUBLIC_RATING, 1.25, 0.0, false, 12);
    expect(s, "E", ReferenceJss.NEUTRAL, ReferenceJss.MIXED_PRIVATE_SCORE, 1.25, 0.0, false, 12);
    assertTrue(s.contract("E").privateDependent(), "E is private-dependent");
    for (String id : List.of("A", "B", "C", "D", "F", "G")) {
      assertFalse(s.contract(id).privateDependent(), id + " is not private-dependent");
    }
    assertEquals(7, s.contracts().size());
  }

  @Test
  void breakdownAndWhatIf() {
    FreelancerJss s = ReferenceJss.score(example(), D, JssPolicy.defaults()).get("fx");
    Factor noEarnings = s.factor(ReferenceJss.NO_EARNINGS);
    assertEquals(100.0 / 3.0, noEarnings.points(), EPS, "NO_EARNINGS -33.33");
    assertEquals(List.of("B"), noEarnings.contractIds());
    assertEquals(ReferenceJss.NO_EARNINGS, s.factors().get(0).reason(), "largest factor first");
    assertEquals(0.0, s.factor(ReferenceJss.CLIENT_SIDE_END).points(), EPS, "C loses nothing");
    assertNull(s.factor(ReferenceJss.MIXED_PRIVATE_SCORE), "E is not in the chosen window");
    double lost = s.contracts().stream().mapToDouble(ContractOutcome::loss).sum();
    assertEquals(s.jss(), 100.0 - lost, EPS, "100 - losses = JSS");
    assertEquals(14, s.whatIfToNinety(), "14 more positive contracts to reach 90");
  }

  @Test
  void positiveShareFormula(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("share.yaml");
    Files.writeString(file, "formula: POSITIVE_SHARE\n");
    JssPolicy share = JssPolicy.load(file.toString());
    FreelancerJss s = ReferenceJss.score(example(), D, share).get("fx");
    // 6 months: 100 x 5 / 6 = 83.33; 12 and 24: 100 x 5 / 8.5 = 58.82
    assertEquals(500.0 / 6.0, s.jss(), EPS);
    assertEquals(83L, s.jssDisplay());
    assertEquals(6, s.windowMonths());
    assertEquals(500.0 / 8.5, s.window(24).score(), EPS);
    assertEquals(100.0 / 6.0, s.contract("B").loss(), EPS, "non-positive loses 100 w / W");
    // (5 + k) / (6 + k) >= 0.9  <=>  k >= 4
    assertEquals(4, s.whatIfToNinety());
  }

  private static void expect(
      FreelancerJss s,
      String id,
      String klass,
      String reason,
      double weight,
      double loss,
      boolean inChosen,
      int smallest) {
    ContractOutcome c = s.contract(id);
    assertNotNull(c, id + " is a candidate");
    assertEquals(klass, c.klass(), id + " class");
    assertEquals(reason, c.reason(), id + " reason");
    assertEquals(weight, c.weight(), EPS, id + " weight");
    assertEquals(loss, c.loss(), EPS, id + " loss");
    assertEquals(inChosen, c.inChosenWindow(), id + " in the chosen window");
    assertEquals(smallest, c.smallestWindowMonths(), id + " smallest window");
  }
}
