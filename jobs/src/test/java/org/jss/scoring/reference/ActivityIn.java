package org.jss.scoring.reference;

import java.time.Instant;

/** A row of the raw {@code activity} event log (not read by the JSS; carried for section 6 oracles). */
public record ActivityIn(String contractId, Instant occurredAt, String actor, String kind) {}
