package org.jss.ingest;

import java.time.Instant;
import java.util.List;

/** The outcome of one ingest: its id and time, and one outcome per table found in the source. */
public record IngestResult(String ingestId, Instant ingestedAt, List<TableOutcome> tables) {

  /** The tables that did not load (rejected over the bad-row limit, or skipped because of one). */
  public List<TableOutcome> failed() {
    return tables.stream().filter(t -> !t.ok()).toList();
  }

  public boolean ok() {
    return failed().isEmpty();
  }
}
