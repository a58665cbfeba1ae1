package org.jss.scoring.reference;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of the raw {@code feedback} event log. {@code givenBy} is CLIENT (feedback on the freelancer,
 * which the JSS rules read) or FREELANCER (feedback on the client, which only the bad-actor rule reads).
 * Either score may be null; {@code privateScore} is only meaningful from a CLIENT.
 */
public record FeedbackIn(
    String contractId, String givenBy, Instant submittedAt, Double publicRating, Double privateScore) {
  public FeedbackIn {
    Objects.requireNonNull(contractId, "contractId");
    Objects.requireNonNull(givenBy, "givenBy");
    Objects.requireNonNull(submittedAt, "submittedAt");
  }
}
