package org.jss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.jss.scoring.reference.ContractOutcome;
import org.jss.scoring.reference.FreelancerJss;
import org.jss.scoring.reference.Marketplace;
import org.jss.scoring.reference.RandomMarketplaces;
import org.jss.scoring.reference.ReferenceJss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test: on seeded random marketplaces that hit every edge SPEC section 5 names, the Spark stage
 * equals the plain-Java reference for every freelancer and contract, under both formulas.
 */
class JssMatchesReferenceTest extends SparkTestBase {

  static Stream<Arguments> cases() {
    // A month end (window starts clamp), a leap day, and an ordinary date.
    LocalDate[] dates = {LocalDate.of(2026, 8, 31), LocalDate.of(2024, 2, 29), LocalDate.of(2026, 11, 22)};
    Stream.Builder<Arguments> b = Stream.builder();
    long seed = 1000;
    for (LocalDate d : dates) {
      b.add(Arguments.of(seed++, d, JssPolicy.NET_SUCCESS));
    }
    b.add(Arguments.of(seed++, dates[0], JssPolicy.POSITIVE_SHARE));
    b.add(Arguments.of(seed, dates[2], JssPolicy.POSITIVE_SHARE));
    return b.build();
  }

  static JssPolicy policy(String formula) {
    JssPolicy d = JssPolicy.defaults();
    if (formula.equals(d.formula())) {
      return d;
    }
    try {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("policy", ".yaml");
      java.nio.file.Files.writeString(f, "formula: " + formula + "\n");
      return JssPolicy.load(f.toString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "seed {0} as of {1} {2}")
  @MethodSource("cases")
  void sparkEqualsReference(long seed, LocalDate asOf, String formula) {
    JssPolicy p = policy(formula);
    Marketplace m = RandomMarketplaces.generate(seed, asOf, 60);
    Map<String, FreelancerJss> expected = ReferenceJss.score(m, asOf, p);
    var out = JssStage.compute(ReferenceData.snapshot(spark(), m, asOf), p, null, null);
    Map<String, Row> scores = new HashMap<>();
    for (Row r : out.get(Catalog.JSS_SCORES.name()).collectAsList()) {
      scores.put(r.getAs("freelancer_id"), r);
    }
    Map<String, Row> outcomes = new HashMap<>();
    for (Row r : out.get(Catalog.JSS_CONTRACT_OUTCOMES.name()).collectAsList()) {
      outcomes.put(r.getAs("contract_id"), r);
    }
    spark().catalog().clearCache();
    assertEquals(expected.keySet(), scores.keySet(), "scored freelancers");
    int contracts = 0;
    for (FreelancerJss e : expected.values()) {
      Row s = scores.get(e.freelancerId());
      String who = "seed " + seed + " " + formula + " freelancer " + e.freelancerId();
      Double jss = s.getAs("jss");
      if (e.jss() == null) {
        assertEquals(null, jss, who + " has no score");
      } else {
        assertNotNull(jss, who + " has a score");
        assertEquals(e.jss(), jss, 1e-9, who + " jss");
        assertEquals(e.jssDisplay().intValue(), s.<Integer>getAs("jss_display"), who + " display");
      }
      assertEquals(e.windowMonths(), s.getAs("window_months"), who + " window");
      assertEquals(e.eligible(), s.<Boolean>getAs("eligible"), who + " eligible");
      assertEquals(e.ineligibleReason(), s.getAs("ineligible_reason"), who + " ineligible reason");
      assertEquals(e.counted(), s.<Integer>getAs("counted"), who + " counted");
      assertEquals(e.totalWeight(), s.<Double>getAs("total_weight"), 1e-9, who + " W");
      assertEquals(e.positiveWeight(), s.<Double>getAs("positive_weight"), 1e-9, who + " P");
      assertEquals(e.negativeWeight(), s.<Double>getAs("negative_weight"), 1e-9, who + " N");
      if (e.whatIfToNinety() != null) {
        assertEquals(e.whatIfToNinety().longValue(), s.<Long>getAs("contracts_to_90"), who + " to 90");
      }
      double lossSum = 0;
      for (ContractOutcome c : e.contracts()) {
        Row r = outcomes.get(c.contractId());
        String what = who + " contract " + c.contractId();
        assertNotNull(r, what + " is a candidate");
        assertEquals(c.klass(), r.getAs("class"), what + " class");
        assertEquals(c.reason(), r.getAs("reason"), what + " reason");
        assertEquals(c.weight(), r.<Double>getAs("weight"), 1e-12, what + " weight");
        assertEquals(c.loss(), r.<Double>getAs("loss"), 1e-9, what + " loss");
        assertEquals(c.inChosenWindow(), r.<Boolean>getAs("in_chosen_window"), what + " in window");
        assertEquals(c.smallestWindowMonths(), r.<Integer>getAs("smallest_window_months"), what + " window");
        assertEquals(c.privateDependent(), r.<Boolean>getAs("private_dependent"), what + " private-dependent");
        lossSum += r.<Double>getAs("loss");
        contracts++;
      }
      if (jss != null) {
        assertEquals(100.0 - jss, lossSum, 1e-9, who + ": 100 - losses = jss");
      }
    }
    long candidates = expected.values().stream().mapToLong(e -> e.contracts().size()).sum();
    assertEquals(candidates, outcomes.size(), "no extra candidates in Spark");
    assertTrue(contracts > 50, "the marketplace is not trivially small: " + contracts);
  }
}
