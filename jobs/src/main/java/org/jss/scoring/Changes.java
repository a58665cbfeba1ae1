package org.jss.scoring;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Change since the previous run, per contract: previous loss minus loss now, so the changes of a
 * freelancer sum exactly to the score change (both runs scored). Each carries a cause: NEW_OUTCOME (not a
 * candidate before), AGED_OUT (no longer in the chosen window), OUTCOME_CHANGED (class or reason),
 * REWEIGHTED (weight), WINDOW_CHANGED (same contract and weight, but the chosen window or its total weight
 * moved). A run with no earlier run to compare with has no changes.
 */
public final class Changes {
  private Changes() {}

  public static Dataset<Row> compute(Dataset<Row> outcomes, Dataset<Row> prevOutcomes) {
    Dataset<Row> prev = prevOutcomes != null ? prevOutcomes : outcomes.limit(0);
    Dataset<Row> p =
        prev.select(
            col("freelancer_id"),
            col("contract_id"),
            col("class").as("previous_class"),
            col("reason").as("previous_reason"),
            col("weight").as("previous_weight"),
            col("loss").as("previous_loss"),
            col("in_chosen_window").as("_p_in"),
            col("chosen_window_months").as("previous_window_months"),
            col("private_dependent").as("_p_priv"),
            lit(true).as("_p"));
    Dataset<Row> c =
        outcomes.select(
            col("freelancer_id"),
            col("contract_id"),
            col("class"),
            col("reason"),
            col("weight"),
            col("loss"),
            col("in_chosen_window").as("_c_in"),
            col("chosen_window_months").as("window_months"),
            col("private_dependent").as("_c_priv"),
            lit(true).as("_c"));
    Column hasPrev = coalesce(col("_p"), lit(false));
    Column hasCur = coalesce(col("_c"), lit(false));
    Column prevIn = coalesce(col("_p_in"), lit(false));
    Column curIn = coalesce(col("_c_in"), lit(false));
    Column outcomeChanged =
        col("class").notEqual(col("previous_class")).or(col("reason").notEqual(col("previous_reason")));
    Column cause =
        when(not(hasPrev), lit("NEW_OUTCOME"))
            .when(not(hasCur), lit("AGED_OUT"))
            .when(outcomeChanged, lit("OUTCOME_CHANGED"))
            .when(col("weight").notEqual(col("previous_weight")), lit("REWEIGHTED"))
            .when(prevIn.and(not(curIn)).and(sameWindow()), lit("AGED_OUT"))
            .otherwise(lit("WINDOW_CHANGED"));
    Column change = coalesce(col("previous_loss"), lit(0.0)).minus(coalesce(col("loss"), lit(0.0)));
    // A first run has nothing to compare with: no changes rather than every contract as new.
    return p.join(c, new String[] {"freelancer_id", "contract_id"}, "full_outer")
        .where(lit(prevOutcomes != null).and(prevIn.or(curIn)))
        .withColumn("previous_loss", coalesce(col("previous_loss"), lit(0.0)))
        .withColumn("loss", coalesce(col("loss"), lit(0.0)))
        .withColumn("change", change)
        .withColumn("cause", cause)
        .withColumn("private_dependent", coalesce(col("_c_priv"), lit(false)).or(coalesce(col("_p_priv"), lit(false))))
        .where(
            abs(col("change"))
                .gt(1e-12)
                .or(col("cause").isin("NEW_OUTCOME", "AGED_OUT", "OUTCOME_CHANGED")))
        .select(
            "freelancer_id", "contract_id", "previous_loss", "loss", "change", "cause",
            "previous_class", "class", "previous_reason", "reason", "previous_weight", "weight",
            "previous_window_months", "window_months", "private_dependent");
  }

  private static Column sameWindow() {
    return coalesce(col("window_months").equalTo(col("previous_window_months")), lit(false));
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }
}
