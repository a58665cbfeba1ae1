package org.jss.scoring.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A row of the raw {@code payments} table: {@code amountUsd} is negative for a refund. */
public record PaymentIn(String paymentId, String contractId, Instant paidAt, BigDecimal amountUsd) {
  public PaymentIn {
    Objects.requireNonNull(contractId, "contractId");
    Objects.requireNonNull(paidAt, "paidAt");
    Objects.requireNonNull(amountUsd, "amountUsd");
  }
}
