package org.jss.scoring.reference;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One candidate contract of a freelancer (a candidate in at least one window) as the reference JSS
 * judged it.
 *
 * @param klass POSITIVE, NEUTRAL, NEGATIVE or EXCLUDED (the first matching rule of SPEC section 5)
 * @param reason the rule's reason, e.g. {@code NO_EARNINGS}
 * @param weight the contract's weight (tier + complete paid periods, capped), computed for every
 *     candidate; an EXCLUDED contract still reports what it would weigh, but adds nothing to any window
 * @param loss points lost in the chosen window (0 when excluded, positive, not in the chosen window, or
 *     when the freelancer has no chosen window); losses of one freelancer sum to 100 - JSS
 * @param inChosenWindow whether it is a candidate of the chosen window (false when there is none)
 * @param smallestWindowMonths the shortest policy window in which it is a candidate
 * @param privateDependent whether class or reason would differ with its private score(s) removed
 * @param active whether it is still active at D (then a candidate only as active long-term)
 * @param endDate UTC date of the visible {@code ended_at}; null when active
 * @param earnings sum of its visible payments (exact)
 * @param publicRating the counted client feedback row's public rating (null if none)
 * @param privateScore the counted client feedback row's private score (null if none; internal only)
 */
public record ContractOutcome(
    String contractId,
    String clientId,
    String klass,
    String reason,
    double weight,
    double loss,
    boolean inChosenWindow,
    int smallestWindowMonths,
    boolean privateDependent,
    boolean active,
    LocalDate startDate,
    LocalDate endDate,
    BigDecimal earnings,
    Double publicRating,
    Double privateScore) {

  public boolean counted() {
    return !ReferenceJss.EXCLUDED.equals(klass);
  }
}
