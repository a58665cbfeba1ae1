package org.jss.anomaly;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;

/** Tail probabilities for the significance tests (pure; commons-math3). */
public final class Stats {
  private Stats() {}

  /** P(X >= k) for X ~ Binomial(n, p): how surprising k or more events are at the peer rate. */
  public static double binomialUpperTail(int k, int n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    double q = Math.min(1.0, Math.max(1e-12, p));
    return 1.0 - new BinomialDistribution(null, n, q).cumulativeProbability(k - 1);
  }

  /** P(X >= k) for X ~ Poisson(mean). */
  public static double poissonUpperTail(int k, double mean) {
    if (k <= 0) {
      return 1.0;
    }
    double m = Math.max(1e-9, mean);
    return 1.0
        - new PoissonDistribution(
                null, m, PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS)
            .cumulativeProbability(k - 1);
  }

  /** A score from 0 to 100 from a p-value: 5 points per decade of significance. */
  public static double scoreFromP(double p) {
    double decades = -Math.log10(Math.max(p, 1e-300));
    return Math.min(100.0, Math.max(0.0, 5.0 * decades));
  }

  /** A p-value as a reviewer reads it: tiny values (which underflow to 0) as "p < 0.000001". */
  public static String pText(double p) {
    return p < 1e-6 ? "p < 0.000001" : String.format(java.util.Locale.ROOT, "p = %.2g", p);
  }

  /**
   * Benjamini-Hochberg step-up: how many of the smallest p-values, {@code sorted} ascending, are
   * discoveries at false discovery rate {@code q} among {@code m} tests in all: the largest i with
   * p(i) <= q i / m, and every test ranked up to i is accepted, even one above its own line. Tests a
   * cheap pre-filter left out count in m but take no rank, so what is accepted is a subset of what the
   * step-up over every test would accept.
   */
  public static int stepUp(double[] sorted, long m, double q) {
    int accepted = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] <= q * (i + 1) / Math.max(m, sorted.length)) {
        accepted = i + 1;
      }
    }
    return accepted;
  }
}
