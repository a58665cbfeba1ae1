package org.jss.inactivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.jss.scoring.ReferenceData;
import org.jss.scoring.reference.FreelancerJss;
import org.jss.scoring.reference.Marketplace;
import org.jss.scoring.reference.RandomMarketplaces;
import org.jss.scoring.reference.ReferenceJss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Property test: on random marketplaces, the projected JSS of every flagged contract equals the
 * plain-Java reference's score of the same marketplace with that one contract closed at D.
 */
class InactiveMatchesReferenceTest extends SparkTestBase {

  @ParameterizedTest(name = "seed {0} as of {1}")
  @CsvSource({"2001, 2026-08-31", "2002, 2026-11-22"})
  void projectionsEqualTheReferenceWithTheContractClosed(long seed, LocalDate asOf) {
    JssPolicy p = JssPolicy.defaults();
    Marketplace m = RandomMarketplaces.generate(seed, asOf, 60);
    var out = InactiveStage.compute(ReferenceData.snapshot(spark(), m, asOf), p);
    List<Row> flagged = out.get(Catalog.INACTIVE_CONTRACTS.name()).collectAsList();
    spark().catalog().clearCache();
    assertTrue(flagged.size() >= 5, "enough inactive contracts to test: " + flagged.size());
    var actual = ReferenceJss.score(m, asOf, p);
    for (Row r : flagged) {
      String id = r.getAs("contract_id");
      String freelancer = r.getAs("freelancer_id");
      FreelancerJss closed =
          ReferenceJss.scoreWithClosed(m, asOf, p, id, r.getAs("assumed_end_reason"));
      assertNotNull(closed, id);
      assertEqualScores(actual.get(freelancer).jss(), r.getAs("current_jss"), "current " + freelancer);
      assertEqualScores(closed.jss(), r.getAs("projected_jss"), "projected with " + id + " closed");
    }
  }

  private static void assertEqualScores(Double expected, Double actual, String what) {
    if (expected == null) {
      assertEquals(null, actual, what);
    } else {
      assertNotNull(actual, what);
      assertEquals(expected, actual, 1e-9, what);
    }
  }
}
