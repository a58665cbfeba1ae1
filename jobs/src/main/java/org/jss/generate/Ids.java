package org.jss.generate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Pure helpers of the generator: opaque ids, per-entity random streams and value formatting. Every random
 * value is derived from (seed, entity, purpose) alone, so any worker can recompute any entity's attributes
 * and the output never depends on partitioning or task order.
 */
final class Ids {
  private Ids() {}

  /** Id spaces (the top bits of the number scrambled into an id). */
  static final long FREELANCER = 1;

  static final long CLIENT = 2;
  /** Client accounts created for a planted case, numbered by owner index * 64 + k. */
  static final long EXTRA_CLIENT = 3;

  private static final long MASK48 = (1L << 48) - 1;

  /** The splitmix64 finalizer: a bijection on 64 bits with good avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A bijection on 48 bits, so distinct numbers below 2^48 always give distinct ids. */
  static long mix48(long x, long seed) {
    x = (x ^ (mix64(seed) & MASK48)) & MASK48;
    x ^= x >>> 23;
    x = (x * 0x9E3779B97F4BL) & MASK48;
    x ^= x >>> 21;
    x = (x * 0xC2B2AE3D27D5L) & MASK48;
    x ^= x >>> 24;
    return x;
  }

  private static String hex12(long v) {
    String h = Long.toHexString(v);
    return "0".repeat(12 - h.length()) + h;
  }

  static long accountNumber(long space, long local) {
    return (space << 44) | local;
  }

  static String accountId(long seed, long space, long local) {
    return "u" + hex12(mix48(accountNumber(space, local), seed));
  }

  /** Contract j of freelancer i (j below 4096). */
  static long contractNumber(long freelancer, int j) {
    return (freelancer << 12) | j;
  }

  static String contractId(long seed, long contractNumber) {
    return "k" + hex12(mix48(contractNumber, seed + 1));
  }

  static String paymentId(long seed, long contractNumber, int k) {
    return "p" + hex12(mix48((contractNumber << 8) | k, seed + 2));
  }

  static String disputeId(long seed, long contractNumber, int k) {
    return "d" + hex12(mix48((contractNumber << 4) | k, seed + 3));
  }

  /** A device or payment fingerprint: 64 random-looking bits, unique per (account, purpose, k). */
  static String token(long seed, long accountNumber, long purpose, int k) {
    long h = mix64(mix64(mix64(seed ^ 0x5DEECE66DL) + accountNumber) + purpose * 131 + k);
    String s = Long.toHexString(h);
    return "0".repeat(16 - s.length()) + s;
  }

  /** An independent random stream for one entity and purpose. */
  static SplittableRandom rng(long seed, long entity, long purpose) {
    return new SplittableRandom(mix64(mix64(mix64(seed) ^ entity) + purpose));
  }

  static String ts(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  static String money(long cents) {
    return BigDecimal.valueOf(cents, 2).toPlainString();
  }

  static String rating(double r) {
    return BigDecimal.valueOf(Math.round(r * 10), 1).toPlainString();
  }

  /** A log-normal draw: heavy-tailed sizes (contract values, durations) around a median. */
  static double lognormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  static <T> T pick(SplittableRandom r, T[] values, double[] cumulativeWeights) {
    double u = r.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (u < cumulativeWeights[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  static double[] cumulative(double... w) {
    double[] c = new double[w.length];
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i];
      c[i] = s;
    }
    return c;
  }
}
