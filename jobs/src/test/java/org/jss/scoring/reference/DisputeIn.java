package org.jss.scoring.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A row of the raw {@code disputes} table. {@code closedAt} is null while open; the {@code outcome} is
 * only visible at D once {@code closedAt} is (SPEC section 4). {@code amount} may be null.
 */
public record DisputeIn(
    String disputeId,
    String contractId,
    String openedBy,
    Instant openedAt,
    Instant closedAt,
    String outcome,
    BigDecimal amount) {
  public DisputeIn {
    Objects.requireNonNull(contractId, "contractId");
    Objects.requireNonNull(openedAt, "openedAt");
  }
}
