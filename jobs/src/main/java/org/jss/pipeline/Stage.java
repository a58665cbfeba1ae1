package org.jss.pipeline;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.Rules;

/**
 * One stage of a night. A stage is built with its rules (loaded once by the command), declares what it
 * reads beyond the snapshot (the stages whose outputs it needs, the tables of its own previous run), and
 * computes its tables as unwritten Datasets from the {@link StageInputs} it is handed. It never opens the
 * lake: the {@link NightlyJob} runner reads the inputs, writes every table and records the run.
 */
public interface Stage {
  /** The name used with {@code nightly --stages} and in {@code _runs}. */
  String name();

  /** The rules its tables are stamped with. */
  Rules rules();

  /** Stages of the same night whose written tables this stage reads; they run first. */
  default List<String> dependsOn() {
    return List.of();
  }

  /**
   * Tables of the stage's previous run this stage reads: all at the latest earlier as-of date of the
   * first of them (absent on a first run).
   */
  default List<String> previousTables() {
    return List.of();
  }

  /** Computes the stage's tables (name to rows, in write order). */
  Map<String, Dataset<Row>> run(StageInputs in);
}
