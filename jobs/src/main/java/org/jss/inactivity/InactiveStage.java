package org.jss.inactivity;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jss.config.JssPolicy;
import org.jss.io.Snapshot;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageContext;
import org.jss.scoring.ContractFeatures;
import org.jss.scoring.JssEngine;

/**
 * The {@code inactive} stage of nightly (SPEC section 6): flags inactive contracts, projects the JSS if
 * each were closed now without feedback, and recommends a fair action. Projections are what-if
 * scenarios scored in the same plan as the actual score: each flagged contract adds one copy of its
 * freelancer's contracts with that one closed at D, and {@link JssEngine#score} scores every
 * (freelancer, scenario) in one pass. The actual score is the base scenario of the same plan, so a
 * projection equals exactly what the JSS stage would compute with that contract closed.
 */
public final class InactiveStage implements Stage {
  public static final String TABLE = "inactive_contracts";
  public static final String SUMMARY = "inactive_summary";

  public static final String CLOSE_NO_IMPACT = "CLOSE_NO_IMPACT";
  public static final String NUDGE_CLIENT = "NUDGE_CLIENT";
  public static final String REQUEST_FEEDBACK_AND_CLOSE = "REQUEST_FEEDBACK_AND_CLOSE";

  @Override
  public String name() {
    return "inactive";
  }

  @Override
  public Map<String, Dataset<Row>> run(StageContext ctx) {
    return compute(ctx.snapshot(), ctx.policy());
  }

  public static Map<String, Dataset<Row>> compute(Snapshot s, JssPolicy p) {
    LocalDate asOf = s.asOf();
    Dataset<Row> flagged = Inactivity.flagged(s, p).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> features = ContractFeatures.compute(s, p);

    // Scenario rows: every contract of a freelancer with a flagged contract, once per flagged contract,
    // the flagged one closed at D with the end reason it would carry. Flagged contracts are few:
    // broadcast them.
    Dataset<Row> scenarios =
        broadcast(
            flagged.select(
                col("freelancer_id").as("_sf"),
                col("contract_id").as(JssEngine.SCENARIO),
                col("assumed_end_reason").as("_reason")));
    Column target = col("contract_id").equalTo(col(JssEngine.SCENARIO));
    Timestamp closedAt = Timestamp.from(asOf.atStartOfDay().toInstant(ZoneOffset.UTC));
    Dataset<Row> whatIf =
        features
            .join(scenarios, features.col("freelancer_id").equalTo(col("_sf")))
            .withColumn("ended", when(target, lit(true)).otherwise(col("ended")))
            .withColumn("end_date", when(target, lit(Date.valueOf(asOf))).otherwise(col("end_date")))
            .withColumn(
                "ended_at",
                when(target, org.apache.spark.sql.functions.greatest(lit(closedAt), col("started_at")))
                    .otherwise(col("ended_at")))
            .withColumn("end_reason", when(target, col("_reason")).otherwise(col("end_reason")))
            .drop("_sf", "_reason");
    Dataset<Row> all =
        features.withColumn(JssEngine.SCENARIO, lit(JssEngine.BASE)).unionByName(whatIf);
    Dataset<Row> scored = JssEngine.score(JssEngine.outcomes(all, asOf, p), p);
    Dataset<Row> perScenario =
        scored
            .groupBy(col("freelancer_id"), col(JssEngine.SCENARIO))
            .agg(first("jss").as("jss"));
    Dataset<Row> current =
        perScenario
            .where(col(JssEngine.SCENARIO).equalTo(JssEngine.BASE))
            .select(col("freelancer_id"), col("jss").as("current_jss"));
    Dataset<Row> projected =
        perScenario
            .where(col(JssEngine.SCENARIO).notEqual(JssEngine.BASE))
            .select(col(JssEngine.SCENARIO).as("contract_id"), col("jss").as("projected_jss"));
    Dataset<Row> closedOutcome =
        scored
            .where(col(JssEngine.SCENARIO).equalTo(col("contract_id")))
            .select(
                col("contract_id"),
                col("earnings").as("earnings_usd"),
                col("class").as("projected_class"),
                col("reason").as("projected_reason"));

    Column change = col("projected_jss").minus(col("current_jss"));
    // No score before and after: closing cannot lower a score. A score appearing: nothing is lowered.
    Column noImpact =
        coalesce(change.geq(0), col("current_jss").isNull());
    Column action =
        when(noImpact, lit(CLOSE_NO_IMPACT))
            .when(col("client_unresponsive"), lit(NUDGE_CLIENT))
            .otherwise(lit(REQUEST_FEEDBACK_AND_CLOSE));
    Dataset<Row> table =
        flagged
            .join(current, "freelancer_id", "left")
            .join(projected, "contract_id", "left")
            .join(closedOutcome, "contract_id", "left")
            .withColumn("projected_change", change)
            .withColumn("recommended_action", action)
            .withColumn(
                "message_to",
                when(col("recommended_action").equalTo(NUDGE_CLIENT), lit("CLIENT"))
                    .otherwise(lit("FREELANCER")))
            .withColumn("message", message(p));
    Dataset<Row> summary =
        table
            .groupBy("freelancer_id")
            .agg(
                count(lit(1)).as("inactive_count"),
                sum(when(col("stale"), 1).otherwise(0)).as("stale_count"),
                sum(when(col("client_unresponsive"), 1).otherwise(0)).as("client_unresponsive_count"),
                sum(coalesce(col("projected_change"), lit(0.0))).as("total_projected_change"),
                first("current_jss").as("current_jss"));
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(TABLE, table);
    out.put(SUMMARY, summary);
    return out;
  }

  /** The text to send: to the client for a nudge, to the freelancer otherwise. */
  static Column message(JssPolicy p) {
    Column nudge =
        format_string(
            "Contract %s has had no work or payment for %d days and your freelancer is waiting to hear"
                + " from you. Please confirm whether the work continues, or end the contract and leave"
                + " feedback.",
            col("contract_id"),
            col("days_inactive"));
    Column noImpact =
        format_string(
            "Contract %s has had no work or payment for %d days. Closing it now would not lower your Job"
                + " Success Score.",
            col("contract_id"),
            col("days_inactive"));
    Column request =
        format_string(
            "Contract %s has had no work or payment for %d days. Closing it now without feedback would"
                + " change your Job Success Score by %.1f points; ask your client for feedback as you"
                + " close it, since good feedback avoids the loss.",
            col("contract_id"),
            col("days_inactive"),
            coalesce(col("projected_change"), lit(0.0)));
    return when(col("recommended_action").equalTo(NUDGE_CLIENT), nudge)
        .when(col("recommended_action").equalTo(CLOSE_NO_IMPACT), noImpact)
        .otherwise(request);
  }
}
