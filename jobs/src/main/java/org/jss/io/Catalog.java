package org.jss.io;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * Every scored table the pipeline writes: its name, the stage that owns it, who may read it, how it is
 * partitioned and its columns. Readers (the notebooks, {@code explain}, a review console) can rely on
 * these columns; a test checks that what the stages write is exactly this. The raw input tables are
 * declared in {@link Schemas}.
 *
 * <p>Every scored row also carries the stamp columns ({@link #STAMP}): the name and version of the rules
 * that made it (the JSS policy, the anomaly thresholds or the fee schedules, per stage), the run's id and,
 * as the partition column, the as-of date. A night replaces one date of a table in one commit.
 */
public final class Catalog {
  private Catalog() {}

  /** Who may see a table's rows. */
  public enum Audience {
    /** Safe to show the freelancer it is about: private feedback never appears in it. */
    FREELANCER,
    /** Trust & safety, support and analysts only: may hold private feedback or evidence. */
    INTERNAL
  }

  /** One scored table (under {@code scored/} in the lake). */
  public record Table(String name, String owner, Audience audience, StructType schema) {
    public List<String> columnNames() {
      return List.of(schema.fieldNames());
    }

    /**
     * The column a reader looks this table's rows up by ({@code freelancer_id}, else {@code account_id}),
     * if it has one. Delta keeps file statistics for this column only: they are what a reader's data
     * skipping uses ({@link LakeReader#rows}), while statistics on every column (Delta's default, the
     * first 32) cost a third of a nightly's write time (measured at 100,000 freelancers: facts 67 s to
     * 47 s, jss 57 s to 39 s without them) and would serve no query the pipeline or its readers make.
     */
    public Optional<String> lookupColumn() {
      List<String> names = columnNames();
      return java.util.stream.Stream.of("freelancer_id", "account_id").filter(names::contains).findFirst();
    }

    /** The table as written: its columns, then the stamp columns and the as-of date. */
    public StructType writtenSchema() {
      return new StructType(
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(schema.fields()), java.util.Arrays.stream(STAMP.fields()))
              .toArray(org.apache.spark.sql.types.StructField[]::new));
    }
  }

  public static final String RULES_NAME = "policy_name";
  public static final String RULES_VERSION = "policy_version";
  public static final String RUN_ID = "run_id";

  /** Added by the runner to every scored row; the as-of date is the partition column. */
  public static final StructType STAMP =
      StructType.fromDDL(
          RULES_NAME + " STRING, " + RULES_VERSION + " STRING, " + RUN_ID + " STRING, "
              + Lake.AS_OF_DATE + " DATE");

  public static final Table CONTRACT_FACTS =
      table(
          "contract_facts", "facts", Audience.INTERNAL,
          "contract_id STRING, freelancer_id STRING, client_id STRING, contract_type STRING,"
              + " category STRING, started_at TIMESTAMP, ended_at TIMESTAMP, end_reason STRING,"
              + " start_date DATE, end_date DATE, ended BOOLEAN, earnings_cents BIGINT,"
              + " earnings DECIMAL(28,2), earnings_12m DECIMAL(28,2), public_rating DOUBLE,"
              + " private_score DOUBLE, client_min_rating DOUBLE, freelancer_min_rating DOUBLE,"
              + " dispute_open BOOLEAN, dispute_lost BOOLEAN, lost_disputes INT,"
              + " last_positive_paid_at TIMESTAMP, recent_positive_payment BOOLEAN, paid_periods INT,"
              + " last_work_activity_at TIMESTAMP, freelancer_last_activity_at TIMESTAMP,"
              + " client_last_activity_at TIMESTAMP, bad_actor_client BOOLEAN");

  public static final Table JSS_SCORES =
      table(
          "jss_scores", "jss", Audience.FREELANCER,
          "freelancer_id STRING, jss DOUBLE, window_months INT, eligible BOOLEAN,"
              + " ineligible_reason STRING, counted INT, positive_weight DOUBLE, negative_weight DOUBLE,"
              + " total_weight DOUBLE, window_scores MAP<INT, DOUBLE>, contracts_to_90 BIGINT,"
              + " earnings_12m_usd DECIMAL(38,2), first_contract_started DATE, jss_display INT,"
              + " top_rated_unmet ARRAY<STRING>, top_rated_ready BOOLEAN, previous_jss DOUBLE,"
              + " previous_as_of_date DATE");

  /** Every candidate contract's class, reason, weight and loss, private feedback included. */
  public static final Table JSS_CONTRACT_OUTCOMES =
      table(
          "jss_contract_outcomes", "jss", Audience.INTERNAL,
          "freelancer_id STRING, contract_id STRING, client_id STRING, category STRING,"
              + " contract_type STRING, started_at TIMESTAMP, ended_at TIMESTAMP, end_reason STRING,"
              + " earnings_usd DECIMAL(28,2), public_rating DOUBLE, private_score DOUBLE,"
              + " dispute_open BOOLEAN, dispute_lost BOOLEAN, bad_actor_client BOOLEAN, paid_periods INT,"
              + " class STRING, reason STRING, weight DOUBLE, smallest_window_months INT,"
              + " in_chosen_window BOOLEAN, chosen_window_months INT, window_total_weight DOUBLE,"
              + " loss DOUBLE, private_dependent BOOLEAN");

  /** Points lost per factor; private-dependent contracts folded into one row without their ids. */
  public static final Table JSS_FACTORS =
      table(
          "jss_factors", "jss", Audience.FREELANCER,
          "freelancer_id STRING, factor STRING, points DOUBLE, contract_count BIGINT,"
              + " contracts ARRAY<STRING>");

  /** Per contract, what changed since the previous run and why (private-dependent rows marked). */
  public static final Table JSS_CHANGES =
      table(
          "jss_changes", "jss", Audience.INTERNAL,
          "freelancer_id STRING, contract_id STRING, previous_loss DOUBLE, loss DOUBLE, change DOUBLE,"
              + " cause STRING, previous_class STRING, class STRING, previous_reason STRING,"
              + " reason STRING, previous_weight DOUBLE, weight DOUBLE, previous_window_months INT,"
              + " window_months INT, private_dependent BOOLEAN");

  /** The freelancer-audience explanation, as text and JSON. */
  public static final Table JSS_EXPLANATIONS =
      table(
          "jss_explanations", "jss", Audience.FREELANCER,
          "freelancer_id STRING, audience STRING, jss_display INT, text STRING, json STRING");

  public static final Table INACTIVE_CONTRACTS =
      table(
          "inactive_contracts", "inactive", Audience.FREELANCER,
          "contract_id STRING, freelancer_id STRING, client_id STRING, contract_type STRING,"
              + " started_at TIMESTAMP, last_work_at TIMESTAMP, days_inactive INT, paused BOOLEAN,"
              + " stale BOOLEAN, auto_close_due BOOLEAN, client_unresponsive BOOLEAN,"
              + " assumed_end_reason STRING, freelancer_last_activity_at TIMESTAMP,"
              + " client_last_activity_at TIMESTAMP, current_jss DOUBLE, projected_jss DOUBLE,"
              + " earnings_usd DECIMAL(28,2), projected_class STRING, projected_reason STRING,"
              + " projected_change DOUBLE, recommended_action STRING, message_to STRING, message STRING");

  public static final Table INACTIVE_SUMMARY =
      table(
          "inactive_summary", "inactive", Audience.FREELANCER,
          "freelancer_id STRING, inactive_count BIGINT, stale_count BIGINT,"
              + " client_unresponsive_count BIGINT, total_projected_change DOUBLE, current_jss DOUBLE");

  public static final Table ANOMALY_FLAGS =
      table(
          "anomaly_flags", "anomalies", Audience.INTERNAL,
          "account_id STRING NOT NULL, detector STRING NOT NULL, severity STRING NOT NULL,"
              + " score DOUBLE NOT NULL, sentence STRING NOT NULL, metric STRING NOT NULL,"
              + " value DOUBLE NOT NULL, baseline DOUBLE, p_value DOUBLE, z DOUBLE,"
              + " linked_accounts ARRAY<STRING> NOT NULL, contracts ARRAY<STRING> NOT NULL");

  public static final Table REVIEW_CASES =
      table(
          "review_cases", "anomalies", Audience.INTERNAL,
          "case_id STRING, account_id STRING, detector STRING, status STRING, severity STRING,"
              + " score DOUBLE, value DOUBLE, cleared_value DOUBLE, sentence STRING, first_seen DATE,"
              + " last_seen DATE, nights_flagged INT, decision STRING, decided_at TIMESTAMP,"
              + " queue_rank INT");

  /** Per freelancer, the fee schedules' outcome over the same payments; {@code fees impact --table} copies. */
  public static final Table FEE_IMPACT =
      table(
          "fee_impact", "fees", Audience.INTERNAL,
          "freelancer_id STRING, baseline STRING, proposal STRING, since_date DATE, payments INT,"
              + " contracts_paid INT, gross_usd DECIMAL(18,2), fee_baseline_usd DECIMAL(18,2),"
              + " fee_proposal_usd DECIMAL(18,2), take_home_baseline_usd DECIMAL(18,2),"
              + " take_home_proposal_usd DECIMAL(18,2), take_home_change_usd DECIMAL(18,2),"
              + " effective_rate_baseline DOUBLE, effective_rate_proposal DOUBLE,"
              + " client_fees_baseline_usd DECIMAL(18,2), client_fees_proposal_usd DECIMAL(18,2),"
              + " platform_revenue_change_usd DECIMAL(18,2), worse_off BOOLEAN, earnings_band STRING,"
              + " category STRING, country STRING, tenure_band STRING, contract_size_band STRING");

  public static final Table FEE_IMPACT_SEGMENTS =
      table(
          "fee_impact_segments", "fees", Audience.INTERNAL,
          "baseline STRING, proposal STRING, since_date DATE, segment STRING, segment_value STRING,"
              + " freelancers INT, gross_usd DECIMAL(18,2), fee_baseline_usd DECIMAL(18,2),"
              + " fee_proposal_usd DECIMAL(18,2), take_home_change_usd DECIMAL(18,2),"
              + " share_worse_off DOUBLE, median_change_usd DOUBLE, p10_change_usd DOUBLE,"
              + " p90_change_usd DOUBLE, freelancer_side_revenue_change_usd DECIMAL(18,2),"
              + " client_side_revenue_change_usd DECIMAL(18,2), platform_revenue_change_usd DECIMAL(18,2)");

  /** Every scored table, in the order a nightly writes them. */
  public static final List<Table> SCORED =
      List.of(
          CONTRACT_FACTS, JSS_SCORES, JSS_CONTRACT_OUTCOMES, JSS_FACTORS, JSS_CHANGES, JSS_EXPLANATIONS,
          INACTIVE_CONTRACTS, INACTIVE_SUMMARY, ANOMALY_FLAGS, REVIEW_CASES, FEE_IMPACT,
          FEE_IMPACT_SEGMENTS);

  public static Optional<Table> scored(String name) {
    return SCORED.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static Table table(String name, String owner, Audience audience, String ddl) {
    return new Table(name, owner, audience, StructType.fromDDL(ddl));
  }
}
