package org.jss.pipeline;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One stage of {@code nightly}. A stage computes its output tables for one as-of date as Datasets and
 * returns them unwritten; the runner writes each with a per-date atomic replace and records the run in
 * {@code _runs}. Stages never read or write tables themselves except through {@link StageContext#lake()}
 * for inputs such as the previous run's rows.
 */
public interface Stage {
  /** The name used with {@code nightly --stages} and in {@code _runs}. */
  String name();

  /** Whether the stage runs when {@code --stages} is not given. */
  default boolean enabledByDefault(StageContext ctx) {
    return true;
  }

  /** Whether the stage reads the night's contract facts ({@link StageContext#contractFacts()}). */
  default boolean readsContractFacts() {
    return true;
  }

  /**
   * Computes the stage's scored tables (name to rows, in write order). Earlier stages' outputs of the
   * same run are in {@link StageContext#outputs()}.
   */
  Map<String, Dataset<Row>> run(StageContext ctx);
}
