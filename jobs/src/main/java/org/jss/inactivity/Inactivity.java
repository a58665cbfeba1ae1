package org.jss.inactivity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.JssPolicy;
import org.jss.io.Snapshot;

/**
 * Which contracts active at D are inactive (SPEC section 6). Last activity is the latest of the start,
 * visible work activity (every kind but MESSAGE: messages are not work) and visible payments &gt; 0.
 * The client is unresponsive when the freelancer's latest activity row (messages included) is more
 * recent than the client's and the client has been silent for the policy's number of days.
 *
 * <p>One aggregation by contract over the union of activity and payments. Output: one row per flagged
 * contract with {@code last_work_at}, {@code days_inactive}, {@code paused}, {@code stale},
 * {@code auto_close_due}, {@code client_unresponsive} and the {@code assumed_end_reason} a close now
 * would carry.
 */
public final class Inactivity {
  private Inactivity() {}

  public static Dataset<Row> flagged(Snapshot s, JssPolicy p) {
    Dataset<Row> events =
        s.activity()
            .select(
                col("contract_id"),
                col("occurred_at").as("at"),
                col("actor"),
                col("kind").notEqual("MESSAGE").as("work"))
            .unionByName(
                s.payments()
                    .where(col("amount_usd").gt(0))
                    .select(
                        col("contract_id"),
                        col("paid_at").as("at"),
                        lit(null).cast("string").as("actor"),
                        lit(true).as("work")));
    Dataset<Row> perContract =
        events
            .groupBy("contract_id")
            .agg(
                max(when(col("work"), col("at"))).as("_last_work"),
                max(when(col("actor").equalTo("FREELANCER"), col("at"))).as("_freelancer_last"),
                max(when(col("actor").equalTo("CLIENT"), col("at"))).as("_client_last"));
    Date d = Date.valueOf(s.asOf());
    Column lastWork = greatest(col("started_at"), coalesce(col("_last_work"), col("started_at")));
    Column days = datediff(lit(d), to_date(col("last_work_at")));
    Column clientSilentDays = datediff(lit(d), to_date(col("_client_last")));
    Column freelancerMoreRecent =
        col("_freelancer_last")
            .isNotNull()
            .and(col("_client_last").isNull().or(col("_freelancer_last").gt(col("_client_last"))));
    Column clientSilent =
        col("_client_last").isNull().or(clientSilentDays.geq(p.clientSilentDays()));
    return s.contracts()
        .where(col("ended_at").isNull())
        .join(perContract, "contract_id", "left")
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
            col("_freelancer_last").as("freelancer_last_activity_at"),
            col("_client_last").as("client_last_activity_at"));
  }
}
