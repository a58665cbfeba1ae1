package org.jss.scoring;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
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
import org.jss.io.Lake;
import org.jss.io.Snapshot;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageInputs;
import org.jss.reporting.Explanation;
import org.jss.reporting.ExplanationRows;

/**
 * The {@code jss} stage of nightly: scores every freelancer as of D and writes {@code jss_scores},
 * {@code jss_contract_outcomes} (internal), {@code jss_factors}, {@code jss_changes} and {@code
 * jss_explanations} (freelancer-facing, privacy-safe).
 */
public final class JssStage implements Stage {
  /** The factor that aggregates private-dependent contracts in freelancer-facing outputs. */
  public static final String PRIVATE_FACTOR = "PRIVATE_FEEDBACK";

  private static final String SCORES = Catalog.JSS_SCORES.name();
  private static final String OUTCOMES = Catalog.JSS_CONTRACT_OUTCOMES.name();

  private final JssPolicy policy;

  public JssStage(JssPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return "jss";
  }

  @Override
  public Rules rules() {
    return policy.rules();
  }

  @Override
  public List<String> dependsOn() {
    return List.of(FactsStage.NAME);
  }

  /** The previous run's scores and outcomes: the changes and the score's previous value. */
  @Override
  public List<String> previousTables() {
    return List.of(SCORES, OUTCOMES);
  }

  @Override
  public Map<String, Dataset<Row>> run(StageInputs in) {
    return compute(
        in.upstream(Catalog.CONTRACT_FACTS.name()),
        in.snapshot(),
        policy,
        in.previous(SCORES).orElse(null),
        in.previous(OUTCOMES).orElse(null));
  }

  /**
   * All JSS tables for one date, unwritten. Pure apart from persisting the scores and the contract
   * outcomes, which the factors, changes and explanations are derived from. {@code prevScores}/{@code prevOutcomes} are the previous run's rows or null.
   */
  public static Map<String, Dataset<Row>> compute(
      Snapshot s, JssPolicy p, Dataset<Row> prevScores, Dataset<Row> prevOutcomes) {
    return compute(ContractFacts.compute(s, p), s, p, prevScores, prevOutcomes);
  }

  /** The same from the night's {@link ContractFacts}; the snapshot gives the review decisions. */
  public static Map<String, Dataset<Row>> compute(
      Dataset<Row> facts, Snapshot s, JssPolicy p, Dataset<Row> prevScores, Dataset<Row> prevOutcomes) {
    JssEngine.Scored scored = JssEngine.score(JssEngine.outcomes(facts, s.asOf(), p), p);
    // The freelancer rows are read by the scores and, joined back, by every contract's loss: cached, the
    // window sums are aggregated once.
    scored.freelancers().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> scores =
        withTopRated(scores(scored.freelancers(), p), s, p).persist(StorageLevel.MEMORY_AND_DISK());
    if (prevScores != null) {
      scores =
          scores
              .join(
                  prevScores.select(
                      col("freelancer_id"),
                      col("jss").as("previous_jss"),
                      col(Lake.AS_OF_DATE).as("previous_as_of_date")),
                  "freelancer_id",
                  "left");
    } else {
      scores =
          scores
              .withColumn("previous_jss", lit(null).cast("double"))
              .withColumn("previous_as_of_date", lit(null).cast("date"));
    }
    Dataset<Row> outcomes = contractOutcomes(scored.contracts()).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(SCORES, scores);
    out.put(OUTCOMES, outcomes);
    out.put(Catalog.JSS_FACTORS.name(), factors(outcomes));
    Dataset<Row> changes = Changes.compute(outcomes, prevOutcomes);
    out.put(Catalog.JSS_CHANGES.name(), changes);
    out.put(
        Catalog.JSS_EXPLANATIONS.name(),
        ExplanationRows.freelancerTable(scores, outcomes, changes, s.asOf(), Explanation.Wording.of(p)));
    return out;
  }

  /** One row per freelancer with at least one visible contract, from the scored freelancer rows. */
  static Dataset<Row> scores(Dataset<Row> freelancers, JssPolicy p) {
    List<Integer> windows = p.windowsLongestFirst();
    Column windowScores =
        map_from_arrays(
            array(windows.stream().map(m -> lit(m)).toArray(Column[]::new)),
            array(
                windows.stream()
                    .map(m -> when(col("w" + m + "_qualifies"), col("w" + m + "_score")))
                    .toArray(Column[]::new)));
    return freelancers
        .select(
            col("freelancer_id"),
            col("jss"),
            col("window_months"),
            col("eligible"),
            col("ineligible_reason"),
            col("counted_in_window").cast("int").as("counted"),
            col("positive_weight"),
            col("negative_weight"),
            col("total_weight"),
            windowScores.as("window_scores"),
            col("to_ninety").as("contracts_to_90"),
            col("earnings_12m_usd"),
            col("first_contract_started"))
        .withColumn("jss_display", JssEngine.display(col("jss")));
  }

  /**
   * Top Rated readiness: JSS at or above the bar, enough earned in 12 months, first contract old enough,
   * and no WARNED or SUSPENDED decision recently; the unmet criteria are listed by name.
   */
  static Dataset<Row> withTopRated(Dataset<Row> scores, Snapshot s, JssPolicy p) {
    Date d = Date.valueOf(s.asOf());
    Dataset<Row> holds =
        s.reviewDecisions()
            .where(
                col("decision")
                    .isin("WARNED", "SUSPENDED")
                    .and(datediff(lit(d), to_date(col("decided_at"))).lt(p.topRatedHoldDays())))
            .groupBy(col("account_id").as("freelancer_id"))
            .agg(count(lit(1)).as("_holds"));
    Column unmet =
        filter(
            array(
                when(coalesce(col("jss"), lit(-1.0)).lt(p.topRatedJss()), lit("JSS_BELOW_BAR")),
                when(col("earnings_12m_usd").lt(p.topRatedEarnings12m()), lit("EARNINGS_12M_BELOW_BAR")),
                when(
                    datediff(lit(d), col("first_contract_started")).leq(p.topRatedTenureDays()),
                    lit("FIRST_CONTRACT_TOO_RECENT")),
                when(col("_holds").isNotNull(), lit("RECENT_ACCOUNT_HOLD"))),
            c -> c.isNotNull());
    return scores
        .join(holds, "freelancer_id", "left")
        .withColumn("top_rated_unmet", unmet)
        .withColumn("top_rated_ready", org.apache.spark.sql.functions.size(col("top_rated_unmet")).equalTo(0))
        .drop("_holds");
  }

  /** Every candidate contract with its class, reason, weight and loss (internal: shows everything). */
  static Dataset<Row> contractOutcomes(Dataset<Row> scored) {
    return scored
        .where(col("smallest_window").isNotNull())
        .select(
            col("freelancer_id"),
            col("contract_id"),
            col("client_id"),
            col("category"),
            col("contract_type"),
            col("started_at"),
            col("ended_at"),
            col("end_reason"),
            col("earnings").as("earnings_usd"),
            col("public_rating"),
            col("private_score"),
            col("dispute_open"),
            col("dispute_lost"),
            col("bad_actor_client"),
            col("paid_periods"),
            col("class"),
            col("reason"),
            col("weight"),
            col("smallest_window").as("smallest_window_months"),
            col("in_chosen_window"),
            col("window_months").as("chosen_window_months"),
            col("total_weight").as("window_total_weight"),
            col("loss"),
            col("private_dependent"));
  }

  /**
   * Points lost per factor. Private-dependent contracts are folded into one {@value #PRIVATE_FACTOR} row
   * (points and count, no contract ids), so this table is safe to show a freelancer; the points of all
   * rows still total 100 minus the score.
   */
  static Dataset<Row> factors(Dataset<Row> outcomes) {
    Column factor = when(col("private_dependent"), lit(PRIVATE_FACTOR)).otherwise(col("reason"));
    return outcomes
        .where(col("in_chosen_window").and(col("loss").gt(0)))
        .groupBy(col("freelancer_id"), factor.as("factor"))
        .agg(
            sum("loss").as("points"),
            count(lit(1)).as("contract_count"),
            array_sort(collect_list(when(not(col("private_dependent")), col("contract_id"))))
                .as("contracts"));
  }

}
