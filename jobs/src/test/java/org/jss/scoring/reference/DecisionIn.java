package org.jss.scoring.reference;

import java.time.Instant;

/** A row of the raw {@code review_decisions} event log (not read by the JSS). */
public record DecisionIn(String accountId, String detector, Instant decidedAt, String decision) {}
