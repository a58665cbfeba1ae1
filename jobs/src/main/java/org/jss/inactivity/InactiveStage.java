package org.jss.inactivity;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jss.config.JssPolicy;
import org.jss.config.Rules;
import org.jss.facts.ContractFacts;
import org.jss.facts.FactsStage;
import org.jss.io.Catalog;
import org.jss.io.Snapshot;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageInputs;
import org.jss.scoring.JssEngine;

/**
 * The {@code inactive} stage of nightly (SPEC section 6): flags inactive contracts, projects the JSS if
 * each were closed now without feedback, and recommends a fair action. A projection does not rescore
 * the freelancer: closing one contract changes only that contract's outcome, so the projected window
 * sums are the freelancer's sums minus its old contribution plus its new one ({@link
 * JssEngine#replaceOne}), scored by the same rules as the actual score ({@link JssEngine#scoreWindows}).
 * Only freelancers with a flagged contract are aggregated.
 */
public final class InactiveStage implements Stage {
  public static final String CLOSE_NO_IMPACT = "CLOSE_NO_IMPACT";
  public static final String NUDGE_CLIENT = "NUDGE_CLIENT";
  public static final String REQUEST_FEEDBACK_AND_CLOSE = "REQUEST_FEEDBACK_AND_CLOSE";

  private final JssPolicy policy;

  public InactiveStage(JssPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return "inactive";
  }

  @Override
  public Rules rules() {
    return policy.rules();
  }

  @Override
  public List<String> dependsOn() {
    return List.of(FactsStage.NAME);
  }

  @Override
  public Map<String, Dataset<Row>> run(StageInputs in) {
    return compute(in.upstream(Catalog.CONTRACT_FACTS.name()), in.asOf(), policy);
  }

  public static Map<String, Dataset<Row>> compute(Snapshot s, JssPolicy p) {
    return compute(ContractFacts.compute(s, p), s.asOf(), p);
  }

  /** The stage's tables from the night's {@link ContractFacts}. */
  public static Map<String, Dataset<Row>> compute(Dataset<Row> facts, LocalDate asOf, JssPolicy p) {
    Dataset<Row> flagged = Inactivity.flagged(facts, asOf, p).persist(StorageLevel.MEMORY_AND_DISK());

    // Only freelancers with a flagged contract are scored here; they are few, so their ids broadcast.
    Dataset<Row> affected =
        facts.join(
            broadcast(flagged.select(col("freelancer_id")).distinct()), "freelancer_id", "left_semi");
    Dataset<Row> base = JssEngine.outcomes(affected, asOf, p).persist(StorageLevel.MEMORY_AND_DISK());
    // Read twice (the current score and every projection): aggregated once.
    Dataset<Row> sums = JssEngine.windowSums(base, p).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> current =
        JssEngine.scoreWindows(sums, p).select(col("freelancer_id"), col("jss").as("current_jss"));

    // The flagged contract closed at D with the end reason it would carry, classified by the same rules.
    Timestamp closedAt = Timestamp.from(asOf.atStartOfDay().toInstant(ZoneOffset.UTC));
    Dataset<Row> closedFacts =
        affected
            .join(broadcast(flagged.select(col("contract_id"), col("assumed_end_reason"))), "contract_id")
            .withColumn("ended", lit(true))
            .withColumn("end_date", lit(Date.valueOf(asOf)))
            .withColumn("ended_at", greatest(lit(closedAt), col("started_at")))
            .withColumn("end_reason", col("assumed_end_reason"))
            .drop("assumed_end_reason");
    Dataset<Row> closed = JssEngine.outcomes(closedFacts, asOf, p);
    Dataset<Row> pairs = JssEngine.pairSums(base, p);
    List<Column> pairCounts = new ArrayList<>(List.of(col("freelancer_id"), col("client_id")));
    for (int m : p.windowsLongestFirst()) {
      pairCounts.add(col("w" + m + "_count").as("pair_w" + m + "_count"));
    }
    Dataset<Row> swaps =
        closed
            .select(
                col("contract_id"),
                col("freelancer_id"),
                col("client_id"),
                col("counted").as("new_counted"),
                col("smallest_window").as("new_smallest_window"),
                col("weight").as("new_weight"),
                col("class").as("new_class"),
                col("earnings").as("earnings_usd"),
                col("class").as("projected_class"),
                col("reason").as("projected_reason"))
            .join(
                base.select(
                    col("contract_id"),
                    col("counted").as("old_counted"),
                    col("smallest_window").as("old_smallest_window"),
                    col("weight").as("old_weight"),
                    col("class").as("old_class")),
                "contract_id")
            .join(pairs.select(pairCounts.toArray(Column[]::new)), new String[] {"freelancer_id", "client_id"})
            .join(sums, "freelancer_id");
    Dataset<Row> projected =
        JssEngine.scoreWindows(JssEngine.replaceOne(swaps, p), p)
            .select(
                col("contract_id"),
                col("jss").as("projected_jss"),
                col("earnings_usd"),
                col("projected_class"),
                col("projected_reason"));

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
            .withColumn("projected_change", change)
            .withColumn("recommended_action", action)
            .withColumn(
                "message_to",
                when(col("recommended_action").equalTo(NUDGE_CLIENT), lit("CLIENT"))
                    .otherwise(lit("FREELANCER")))
            .withColumn("message", message(p))
            .persist(StorageLevel.MEMORY_AND_DISK());
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
    out.put(Catalog.INACTIVE_CONTRACTS.name(), table);
    out.put(Catalog.INACTIVE_SUMMARY.name(), summary);
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
