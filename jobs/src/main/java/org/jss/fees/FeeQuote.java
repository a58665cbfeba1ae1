package org.jss.fees;

import java.math.BigDecimal;
import java.util.List;

/**
 * The fee on one payment under one schedule: the parts it was split into at tier boundaries, the exact
 * fee (the sum of the exact part fees), the fee in cents (the exact fee rounded half up once), and what
 * the freelancer keeps. Refunds have negative amounts, fees and take-home.
 */
public record FeeQuote(
    String schedule,
    BigDecimal amountUsd,
    BigDecimal billedBeforeUsd,
    List<Part> parts,
    BigDecimal feeExactUsd,
    BigDecimal feeUsd,
    BigDecimal takeHomeUsd,
    BigDecimal clientProcessingFeeUsd) {

  /**
   * The share of the payment that fell in one tier (or, for a variable schedule, the whole payment at
   * the contract's rate). {@code feeUsd} is the part's fee in cents: each exact part fee rounded half up,
   * then the top part touched adjusted by the rounding difference so that the parts add up to the
   * payment's fee exactly. {@code fromUsd}/{@code upToUsd} are null for a variable rate.
   */
  public record Part(
      BigDecimal fromUsd,
      BigDecimal upToUsd,
      BigDecimal rate,
      BigDecimal amountUsd,
      BigDecimal feeExactUsd,
      BigDecimal feeUsd) {}
}
