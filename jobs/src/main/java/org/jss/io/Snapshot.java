package org.jss.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a run as of D sees (SPEC section 4): exactly the events with a timestamp before D+1 00:00 UTC.
 * Contracts that start after D do not exist; an {@code ended_at} after D means still active (its
 * {@code ended_by} and {@code end_reason} are hidden with it); a dispute closed after D is still OPEN.
 */
public record Snapshot(
    LocalDate asOf,
    Dataset<Row> accounts,
    Dataset<Row> contracts,
    Dataset<Row> payments,
    Dataset<Row> activity,
    Dataset<Row> feedback,
    Dataset<Row> disputes,
    Dataset<Row> accountSignals,
    Dataset<Row> reviewDecisions) {

  /** The first instant a run as of D does not see. */
  public static Timestamp cutoff(LocalDate asOf) {
    return Timestamp.from(asOf.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  /** Builds the point-in-time view over raw tables; pure: filters and projections, no action. */
  public static Snapshot of(
      LocalDate asOf,
      Dataset<Row> accounts,
      Dataset<Row> contracts,
      Dataset<Row> payments,
      Dataset<Row> activity,
      Dataset<Row> feedback,
      Dataset<Row> disputes,
      Dataset<Row> accountSignals,
      Dataset<Row> reviewDecisions) {
    Column cut = lit(cutoff(asOf));
    Column endedVisible = col("ended_at").lt(cut);
    Dataset<Row> visibleContracts =
        contracts
            .where(col("started_at").lt(cut))
            .withColumn("ended_by", when(endedVisible, col("ended_by")))
            .withColumn("end_reason", when(endedVisible, col("end_reason")))
            .withColumn("ended_at", when(endedVisible, col("ended_at")));
    Column closedVisible = col("closed_at").lt(cut);
    Dataset<Row> visibleDisputes =
        disputes
            .where(col("opened_at").lt(cut))
            .withColumn("outcome", when(closedVisible, col("outcome")).otherwise(lit("OPEN")))
            .withColumn("closed_at", when(closedVisible, col("closed_at")));
    return new Snapshot(
        asOf,
        accounts.where(col("created_at").lt(cut)),
        visibleContracts,
        payments.where(col("paid_at").lt(cut)),
        activity.where(col("occurred_at").lt(cut)),
        feedback.where(col("submitted_at").lt(cut)),
        visibleDisputes,
        accountSignals.where(col("observed_at").lt(cut)),
        reviewDecisions.where(col("decided_at").lt(cut)));
  }

  /**
   * The point-in-time view of the lake's raw tables at the Delta versions in {@code versions} (keyed
   * {@code raw/<table>}, as {@code _runs} records them; a table missing from the map reads as empty):
   * what a night read stays what it read, whatever an ingest commits meanwhile.
   */
  public static Snapshot of(Lake lake, LocalDate asOf, java.util.Map<String, Long> versions) {
    java.util.function.Function<TableSpec, Dataset<Row>> raw =
        t -> lake.raw(t, versions.getOrDefault("raw/" + t.name(), -1L));
    return of(
        asOf,
        raw.apply(Schemas.ACCOUNTS),
        raw.apply(Schemas.CONTRACTS),
        raw.apply(Schemas.PAYMENTS),
        raw.apply(Schemas.ACTIVITY),
        raw.apply(Schemas.FEEDBACK),
        raw.apply(Schemas.DISPUTES),
        raw.apply(Schemas.ACCOUNT_SIGNALS),
        raw.apply(Schemas.REVIEW_DECISIONS));
  }
}
