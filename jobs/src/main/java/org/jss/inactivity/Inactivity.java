package org.jss.inactivity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.JssPolicy;

/**
 * Which contracts active at D are inactive (SPEC section 6). Last activity is the latest of the start,
 * visible work activity (every kind but MESSAGE: messages are not work) and visible payments &gt; 0.
 * The client is unresponsive when the freelancer's latest activity row (messages included) is more
 * recent than the client's and the client has been silent for the policy's number of days.
 *
 * <p>Read from the night's {@link org.jss.facts.ContractFacts}: no aggregation of its own. Output: one row per flagged
 * contract with {@code last_work_at}, {@code days_inactive}, {@code paused}, {@code stale},
 * {@code auto_close_due}, {@code client_unresponsive} and the {@code assumed_end_reason} a close now
 * would carry.
 */
public final class Inactivity {
  private Inactivity() {}

  public static Dataset<Row> flagged(Dataset<Row> facts, LocalDate asOf, JssPolicy p) {
    Date d = Date.valueOf(asOf);
    // greatest() skips nulls: a contract without work or payments was last worked on when it started.
    Column lastWork =
        greatest(col("started_at"), col("last_work_activity_at"), col("last_positive_paid_at"));
    Column days = datediff(lit(d), to_date(col("last_work_at")));
    Column clientSilentDays = datediff(lit(d), to_date(col("client_last_activity_at")));
    Column freelancerMoreRecent =
        col("freelancer_last_activity_at")
            .isNotNull()
            .and(col("client_last_activity_at").isNull().or(col("freelancer_last_activity_at").gt(col("client_last_activity_at"))));
    Column clientSilent =
        col("client_last_activity_at").isNull().or(clientSilentDays.geq(p.clientSilentDays()));
    return facts
        .where(col("ended_at").isNull())
        .withColumn("last_work_at", lastWork)
        .withColumn("days_inactive", days)
        .where(col("days_inactive").geq(p.inactiveFlagDays()))
        .withColumn("paused", col("contract_type").equalTo("HOURLY"))
        .withColumn("stale", col("days_inactive").geq(p.inactiveStaleDays()))
        .withColumn(
            "auto_close_due",
            col("contract_type").equalTo("FIXED").and(col("days_inactive").geq(p.fixedAutoCloseDays())))
        .withColumn("client_unresponsive", freelancerMoreRecent.and(clientSilent))
        .withColumn(
            "assumed_end_reason",
            when(col("client_unresponsive"), lit("CLIENT_UNRESPONSIVE")).otherwise(lit("OTHER")))
        .select(
            col("contract_id"),
            col("freelancer_id"),
            col("client_id"),
            col("contract_type"),
            col("started_at"),
            col("last_work_at"),
            col("days_inactive"),
            col("paused"),
            col("stale"),
            col("auto_close_due"),
            col("client_unresponsive"),
            col("assumed_end_reason"),
            col("freelancer_last_activity_at"),
            col("client_last_activity_at"));
  }
}
