package org.jss.scoring.reference;

import java.time.Instant;

/** A row of the raw {@code accounts} table (not read by the JSS; carried so a marketplace is whole). */
public record AccountIn(String accountId, String role, Instant createdAt, String country) {}
