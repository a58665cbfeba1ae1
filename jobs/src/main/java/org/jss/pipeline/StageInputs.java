package org.jss.pipeline;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.io.Snapshot;

/**
 * What a stage is handed: the point-in-time snapshot, the run id, the written tables of the stages it
 * depends on (their columns without the stamp) and the tables of its previous run (with their stamp and
 * as-of date), each only as declared by the stage.
 */
public record StageInputs(
    LocalDate asOf,
    Snapshot snapshot,
    String runId,
    Map<String, Dataset<Row>> upstream,
    Optional<LocalDate> previousDate,
    Map<String, Dataset<Row>> previous) {

  /** A table written earlier this night by a stage this one depends on. */
  public Dataset<Row> upstream(String table) {
    Dataset<Row> t = upstream.get(table);
    if (t == null) {
      throw new IllegalStateException(
          "table " + table + " was not handed to this stage: declare its stage in dependsOn()");
    }
    return t;
  }

  /** One of the declared previous-run tables, absent on the stage's first run. */
  public Optional<Dataset<Row>> previous(String table) {
    return Optional.ofNullable(previous.get(table));
  }
}
