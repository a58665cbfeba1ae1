package org.jss.fees;

import java.math.BigDecimal;

/**
 * One tier of a tiered freelancer fee: the rate charged on lifetime billings (between one freelancer and
 * one client) from the previous tier's bound up to {@code upToUsd}. The last tier has no upper bound
 * ({@code upToUsd} null). The first tier also covers lifetime billings below zero, so that a refund larger
 * than what was billed before is still returned at a defined rate.
 */
public record Tier(BigDecimal fromUsd, BigDecimal upToUsd, BigDecimal rate) {

  /** The lifetime billings {@code x} clamped into this tier's range; null bounds are open. */
  BigDecimal clamp(BigDecimal x) {
    BigDecimal v = x;
    if (fromUsd != null && v.compareTo(fromUsd) < 0) {
      v = fromUsd;
    }
    if (upToUsd != null && v.compareTo(upToUsd) > 0) {
      v = upToUsd;
    }
    return v;
  }

  /** A short label such as {@code 500.00-10000.00} or {@code 10000.00+}. */
  public String label() {
    String lo = fromUsd == null ? "0.00" : fromUsd.toPlainString();
    return upToUsd == null ? lo + "+" : lo + "-" + upToUsd.toPlainString();
  }
}
