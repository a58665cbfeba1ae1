package org.jss.anomaly;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jss.io.Catalog;

/**
 * Turns tonight's flags into review cases that persist across nights: one case per (account, detector)
 * with a stable id, first and last night flagged, the number of nights flagged, the current severity,
 * score and sentence, and a status:
 *
 * <ul>
 *   <li>OPEN: flagged tonight and not decided, or CLEARED earlier but the evidence has since grown
 *       materially (value at least {@code reopen_factor} times the value when it was cleared);
 *   <li>CLEARED: a reviewer's latest decision for the account and detector is CLEARED and the evidence
 *       has not grown materially; stays quiet (no queue rank);
 *   <li>WARNED or SUSPENDED: the latest decision; already acted on, no queue rank;
 *   <li>LAPSED: open before, not flagged tonight (kept for history, no queue rank).
 * </ul>
 *
 * OPEN cases are ranked into a queue by severity (HIGH first) then score. Pure: Datasets in, Dataset out.
 * Cost: one join of tonight's flags with the previous night's cases and the decisions (all small).
 */
public final class ReviewCases {
  private ReviewCases() {}


  /** A stable id per account and detector (the same on every night). */
  public static Column caseId(Column account, Column detector) {
    return substring(sha2(concat_ws("|", account, detector), 256), 1, 16);
  }

  /**
   * @param flags tonight's {@code anomaly_flags}
   * @param previous the previous night's {@code review_cases} (may be empty, the columns of {@link Catalog#REVIEW_CASES})
   * @param decisions the visible {@code review_decisions}
   */
  public static Dataset<Row> compute(
      Dataset<Row> flags, Dataset<Row> previous, Dataset<Row> decisions, LocalDate asOf,
      double reopenFactor) {
    Column today = lit(Date.valueOf(asOf));
    Dataset<Row> latest =
        decisions
            .groupBy("account_id", "detector")
            .agg(
                max_by(
                        struct(col("decision"), col("decided_at")),
                        struct(col("decided_at"), col("decision")))
                    .as("d"))
            .select(
                col("account_id"), col("detector"), col("d.decision").as("decision"),
                col("d.decided_at").as("decided_at"));
    Dataset<Row> f =
        flags.select(
            col("account_id"), col("detector"), col("severity").as("f_severity"),
            col("score").as("f_score"), col("value").as("f_value"), col("sentence").as("f_sentence"),
            lit(true).as("flagged"));
    Dataset<Row> p =
        previous.select(
            col("account_id"), col("detector"), col("status").as("p_status"),
            col("severity").as("p_severity"), col("score").as("p_score"), col("value").as("p_value"),
            col("cleared_value").as("p_cleared"), col("sentence").as("p_sentence"),
            col("first_seen").as("p_first"), col("last_seen").as("p_last"),
            col("nights_flagged").as("p_nights"));
    Dataset<Row> j =
        f.join(p, new String[] {"account_id", "detector"}, "full_outer")
            .join(latest, new String[] {"account_id", "detector"}, "left");
    j = j.withColumn("flagged", coalesce(col("flagged"), lit(false)));
    Column cleared = col("decision").equalTo("CLEARED");
    // The value when cleared: kept once known; else the last value seen before tonight; else tonight's.
    Column clearedValue =
        when(cleared, coalesce(col("p_cleared"), col("p_value"), col("f_value")));
    Column grown = col("flagged").and(col("f_value").geq(col("cleared_value").multiply(reopenFactor)));
    Column status =
        when(cleared.and(grown), lit("OPEN"))
            .when(cleared, lit("CLEARED"))
            .when(col("decision").isNotNull(), col("decision"))
            .when(col("flagged"), lit("OPEN"))
            .otherwise(lit("LAPSED"));
    Dataset<Row> cases =
        j.withColumn("cleared_value", clearedValue)
            .withColumn("status", status)
            .select(
                caseId(col("account_id"), col("detector")).as("case_id"),
                col("account_id"),
                col("detector"),
                col("status"),
                coalesce(col("f_severity"), col("p_severity")).as("severity"),
                coalesce(col("f_score"), col("p_score")).as("score"),
                coalesce(col("f_value"), col("p_value")).as("value"),
                col("cleared_value"),
                coalesce(col("f_sentence"), col("p_sentence")).as("sentence"),
                coalesce(col("p_first"), today).as("first_seen"),
                when(col("flagged"), today).otherwise(col("p_last")).as("last_seen"),
                coalesce(col("p_nights"), lit(0))
                    .plus(when(col("flagged"), lit(1)).otherwise(lit(0)))
                    .cast("int")
                    .as("nights_flagged"),
                col("decision"),
                col("decided_at"));
    // Decisions on accounts never flagged make no case.
    cases = cases.where(col("nights_flagged").gt(0));
    Column open = col("status").equalTo("OPEN");
    Dataset<Row> ranked =
        cases
            .where(open)
            .withColumn(
                "queue_rank",
                row_number()
                    .over(
                        Window.orderBy(
                            Flags.severityRank(col("severity")).desc(), col("score").desc(),
                            col("case_id"))));
    Dataset<Row> rest = cases.where(org.apache.spark.sql.functions.not(open)).withColumn("queue_rank", lit(null).cast("int"));
    return ranked.unionByName(rest);
  }
}
