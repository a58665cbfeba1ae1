package org.jss.fees;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fees the client pays on top of the freelancer's fee: a processing (or marketplace) percentage of every
 * payment, and a per-contract initiation fee. The initiation fee is {@code rate x contract earnings}
 * held between {@code minUsd} and {@code maxUsd} (a flat fee when no rate is set, as in the published
 * "$0.99-$14.99 depending on contract size"). Both are rounded half up to cents.
 */
public record ClientFees(
    BigDecimal processingRate, BigDecimal initiationMinUsd, BigDecimal initiationMaxUsd,
    BigDecimal initiationRate) {

  public static final ClientFees NONE = new ClientFees(BigDecimal.ZERO, BigDecimal.ZERO, null, null);

  /** Processing fee on one payment; a refund (negative amount) returns it. */
  public BigDecimal processingFee(BigDecimal amountUsd) {
    return amountUsd.multiply(processingRate).setScale(2, RoundingMode.HALF_UP);
  }

  /** The initiation fee of one contract with the given earnings. */
  public BigDecimal initiationFee(BigDecimal contractEarningsUsd) {
    BigDecimal fee =
        initiationRate == null ? initiationMinUsd : contractEarningsUsd.multiply(initiationRate);
    if (fee.compareTo(initiationMinUsd) < 0) {
      fee = initiationMinUsd;
    }
    if (initiationMaxUsd != null && fee.compareTo(initiationMaxUsd) > 0) {
      fee = initiationMaxUsd;
    }
    return fee.setScale(2, RoundingMode.HALF_UP);
  }

  public boolean any() {
    return processingRate.signum() != 0 || initiationMinUsd.signum() != 0 || initiationRate != null;
  }
}
