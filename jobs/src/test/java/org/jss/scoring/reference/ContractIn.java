package org.jss.scoring.reference;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of the raw {@code contracts} table (SPEC section 3), as the reference JSS reads it.
 *
 * <p>{@code endedAt}, {@code endedBy} and {@code endReason} may be null (an active contract). At a run
 * as of D they are all hidden when {@code endedAt} is on or after D+1 00:00 UTC.
 */
public record ContractIn(
    String contractId,
    String freelancerId,
    String clientId,
    String contractType,
    String category,
    Instant startedAt,
    Instant endedAt,
    String endedBy,
    String endReason) {

  public ContractIn {
    Objects.requireNonNull(contractId, "contractId");
    Objects.requireNonNull(freelancerId, "freelancerId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** This contract ended at {@code at} by {@code by} for {@code reason} (the other fields unchanged). */
  public ContractIn endedAs(Instant at, String by, String reason) {
    return new ContractIn(
        contractId, freelancerId, clientId, contractType, category, startedAt, at, by, reason);
  }
}
