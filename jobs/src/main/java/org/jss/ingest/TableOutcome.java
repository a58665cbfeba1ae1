package org.jss.ingest;

import java.util.Map;

/**
 * What one ingest did with one table: rows read, newly loaded, unchanged (identical duplicates and rows
 * already in the lake), quarantined, the count per broken rule (a row breaking two rules counts under
 * both), and whether the table loaded.
 */
public record TableOutcome(
    String table,
    String source,
    Status status,
    long read,
    long loaded,
    long unchanged,
    long quarantined,
    Map<Rule, Long> ruleCounts,
    double badRowLimit,
    String message) {

  /** How a table ended. */
  public enum Status {
    /** Good rows merged into raw, bad rows quarantined. */
    LOADED,
    /** Bad-row share over the limit: none of its rows loaded (its bad rows are still quarantined). */
    REJECTED,
    /** Not validated: it references a table that was rejected or skipped in this ingest. */
    SKIPPED
  }

  /** Share of the rows read that went to quarantine (0 for an empty file). */
  public double badShare() {
    return read == 0 ? 0.0 : (double) quarantined / read;
  }

  public boolean ok() {
    return status == Status.LOADED;
  }
}
