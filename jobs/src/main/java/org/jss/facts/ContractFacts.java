package org.jss.facts;

import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.jss.io.Snapshot;

/**
 * The nightly's shared per-contract facts: one narrow row per visible contract with everything the
 * stages read about it, so that contracts, payments, feedback, disputes and activity are aggregated once
 * a night and never again.
 *
 * <p>Every aggregate keeps a numeric buffer so Spark runs a code-generated hash aggregate with partial
 * aggregation before each shuffle (no {@code collect_list}, no {@code first} on strings, no {@code max}
 * of a struct, which all fall back to the sort-based aggregate):
 *
 * <ul>
 *   <li>payments are joined with their contract's start and end dates (the 90-day periods are counted
 *       from the start) and summed in long cents; the complete periods holding a payment &gt; 0 are bits
 *       of two longs, so periods 0 to 125 (31 years) count exactly; a later period cannot change a weight,
 *       which reaches its cap after 7;
 *   <li>the latest client feedback row is {@code max_by} over one decimal key that orders rows by
 *       submission time, then the less favourable rating, then the less favourable private score, a
 *       missing value ranking below any present one (SPEC section 5); ratings that differ by less than
 *       1e-10 (public) or 1e-9 (private) at the same instant tie;
 *   <li>the dispute closed last is the maximum of closing time in microseconds times 2 plus 1 for
 *       FOR_CLIENT, so equal closing times put FOR_CLIENT first;
 *   <li>a client's bad-actor status needs the freelancer-given ratings on all its contracts: counted per
 *       contract, summed per client, and the (few) bad-actor clients joined back.
 * </ul>
 *
 * <p>Columns: the contract's {@code contract_id, freelancer_id, client_id, contract_type, category,
 * started_at, ended_at, end_reason}; {@code start_date}, {@code end_date} (UTC dates), {@code ended};
 * {@code earnings} and {@code earnings_12m} (decimal(28,2) dollars), {@code earnings_cents} (long);
 * {@code public_rating}, {@code private_score} of the latest client feedback; {@code
 * client_min_rating}, {@code freelancer_min_rating} (the lowest public rating each side gave); {@code
 * dispute_open}, {@code dispute_lost} (of the dispute closed last), {@code lost_disputes} (all closed
 * for the client); {@code last_positive_paid_at}, {@code recent_positive_payment}, {@code
 * paid_periods}; {@code last_work_activity_at} (activity other than messages), {@code
 * freelancer_last_activity_at}, {@code client_last_activity_at} (any kind); {@code bad_actor_client}.
 */
public final class ContractFacts {
  private ContractFacts() {}

  /** The contract's own columns, as the snapshot shows them. */
  private static final List<String> CONTRACT_COLUMNS =
      List.of(
          "contract_id", "freelancer_id", "client_id", "contract_type", "category", "started_at",
          "ended_at", "end_reason");

  private static final int FEEDBACK_CLIENT = 1;
  private static final int FEEDBACK_FREELANCER = 2;
  private static final int DISPUTE = 3;
  private static final int ACTIVITY = 4;

  /** Bits per period mask: two longs hold periods 0 to 2 x 63 - 1. */
  private static final int MASK_BITS = 63;

  public static Dataset<Row> compute(Snapshot s, JssPolicy p) {
    LocalDate asOf = s.asOf();
    Date d = Date.valueOf(asOf);
    Dataset<Row> contracts =
        s.contracts()
            .select(CONTRACT_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new))
            .withColumn("start_date", to_date(col("started_at")))
            .withColumn("end_date", to_date(col("ended_at")));

    Dataset<Row> facts =
        contracts
            .join(payments(s, contracts, p), "contract_id", "left")
            .join(events(s, p), "contract_id", "left")
            .withColumn("ended", col("ended_at").isNotNull())
            .withColumn("earnings_cents", coalesce(col("_cents"), lit(0L)))
            .withColumn("earnings", cents(col("earnings_cents")))
            .withColumn("earnings_12m", cents(coalesce(col("_cents_12m"), lit(0L))))
            .withColumn("dispute_open", coalesce(col("_open").equalTo(1), lit(false)))
            .withColumn(
                "dispute_lost", coalesce(col("_last_dispute").bitwiseAND(1).equalTo(1), lit(false)))
            .withColumn("lost_disputes", coalesce(col("_lost"), lit(0)).cast("int"))
            .withColumn(
                "recent_positive_payment",
                coalesce(
                    datediff(lit(d), to_date(col("last_positive_paid_at"))).lt(p.recentPaymentDays()),
                    lit(false)))
            .withColumn(
                "paid_periods",
                org.apache.spark.sql.functions.bit_count(coalesce(col("_mask0"), lit(0L)))
                    .plus(org.apache.spark.sql.functions.bit_count(coalesce(col("_mask1"), lit(0L))))
                    .cast("int"))
;

    Dataset<Row> badClients = badActorClients(s, contracts, p);
    return facts
        .join(badClients, facts.col("client_id").equalTo(badClients.col("_bac_client")), "left")
        .withColumn("bad_actor_client", coalesce(col("bad_actor_client"), lit(false)))
        .select(Catalog.CONTRACT_FACTS.columnNames().stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Per contract: cents paid, cents paid in the last 12 months, the latest payment &gt; 0, and the
   * complete 90-day periods holding a payment &gt; 0 as two bit masks. Payments are joined with their
   * contract's dates first because periods count from the contract's start.
   */
  private static Dataset<Row> payments(Snapshot s, Dataset<Row> contracts, JssPolicy p) {
    Date d = Date.valueOf(s.asOf());
    int period = p.weightPeriodDays();
    Dataset<Row> dated =
        s.payments()
            .select(col("contract_id"), col("paid_at"), col("amount_usd"))
            .join(contracts.select(col("contract_id"), col("start_date"), col("end_date")), "contract_id");
    Column day = to_date(col("paid_at"));
    Column k = floor(datediff(day, col("start_date")).divide(period)).cast("int");
    Column complete =
        k.geq(0)
            .and(date_add(col("start_date"), k.plus(1).multiply(period)).leq(coalesce(col("end_date"), lit(d))));
    Column positive = col("amount_usd").gt(0);
    Column counted = positive.and(complete);
    return dated
        .groupBy("contract_id")
        .agg(
            sum(col("amount_usd").multiply(100).cast("long")).as("_cents"),
            sum(
                    when(
                        day.geq(lit(Date.valueOf(s.asOf().minusMonths(12)))),
                        col("amount_usd").multiply(100).cast("long")))
                .as("_cents_12m"),
            max(when(positive, col("paid_at"))).as("last_positive_paid_at"),
            bit_or(when(counted.and(k.lt(MASK_BITS)), bit(k))).as("_mask0"),
            bit_or(
                    when(
                        counted.and(k.geq(MASK_BITS)).and(k.lt(2 * MASK_BITS)),
                        bit(k.minus(MASK_BITS))))
                .as("_mask1"));
  }

  /**
   * Rule 1: clients with at least N freelancer-given public ratings at or below the cut-off, making up
   * at least the given share of all freelancer-given ratings the client has, on any of its contracts.
   * Read from the freelancer-given feedback alone (counted per contract before the join), so the large
   * event tables are not aggregated a second time.
   */
  private static Dataset<Row> badActorClients(Snapshot s, Dataset<Row> contracts, JssPolicy p) {
    Dataset<Row> perContract =
        s.feedback()
            .where(col("given_by").equalTo("FREELANCER").and(col("public_rating").isNotNull()))
            .groupBy("contract_id")
            .agg(
                sum(lit(1L)).as("_rated"),
                sum(when(col("public_rating").leq(p.badActorLowRatingMax()), 1L).otherwise(0L)).as("_low"));
    return perContract
        .join(contracts.select(col("contract_id"), col("client_id")), "contract_id")
        .groupBy(col("client_id").as("_bac_client"))
        .agg(sum("_low").as("_low"), sum("_rated").as("_rated"))
        .where(
            col("_low")
                .geq(p.badActorMinLowRatings())
                .and(col("_low").geq(col("_rated").multiply(p.badActorMinShare()))))
        .select(col("_bac_client"), lit(true).as("bad_actor_client"));
  }

  /**
   * Per contract: the latest client feedback and the lowest public rating each side gave (the anomaly
   * detectors' view of a contract), disputes, activity.
   */
  private static Dataset<Row> events(Snapshot s, JssPolicy p) {
    Column nullTs = lit(null).cast(DataTypes.TimestampType);
    Column nullDbl = lit(null).cast(DataTypes.DoubleType);
    Column nullStr = lit(null).cast(DataTypes.StringType);
    Dataset<Row> feedback =
        s.feedback()
            .where(col("given_by").isin("CLIENT", "FREELANCER"))
            .select(
                col("contract_id"),
                when(col("given_by").equalTo("CLIENT"), lit(FEEDBACK_CLIENT))
                    .otherwise(lit(FEEDBACK_FREELANCER))
                    .as("_k"),
                col("submitted_at").as("_at"),
                col("public_rating").as("_pr"),
                col("private_score").as("_ps"),
                nullStr.as("_text"));
    Dataset<Row> disputes =
        s.disputes()
            .select(
                col("contract_id"),
                lit(DISPUTE).as("_k"),
                col("closed_at").as("_at"),
                nullDbl.as("_pr"),
                nullDbl.as("_ps"),
                col("outcome").as("_text"));
    Dataset<Row> activity =
        s.activity()
            .select(
                col("contract_id"),
                when(col("kind").equalTo("MESSAGE"), lit(-ACTIVITY)).otherwise(lit(ACTIVITY)).as("_k"),
                col("occurred_at").as("_at"),
                nullDbl.as("_pr"),
                nullDbl.as("_ps"),
                col("actor").as("_text"));
    Column kind = col("_k");
    Column isClientFeedback = kind.equalTo(FEEDBACK_CLIENT);
    Column isDispute = kind.equalTo(DISPUTE);
    Column isActivity = kind.equalTo(ACTIVITY).or(kind.equalTo(-ACTIVITY));
    Column open = isDispute.and(col("_text").equalTo("OPEN"));
    Column closed = isDispute.and(col("_text").notEqual("OPEN"));
    Column disputeKey =
        unix_micros(col("_at")).multiply(2).plus(when(col("_text").equalTo("FOR_CLIENT"), 1).otherwise(0));
    Column feedbackKey = feedbackKey(col("_at"), col("_pr"), col("_ps"));
    return feedback
        .unionByName(disputes)
        .unionByName(activity)
        .groupBy("contract_id")
        .agg(
            max_by(col("_pr"), when(isClientFeedback, feedbackKey)).as("public_rating"),
            max_by(col("_ps"), when(isClientFeedback, feedbackKey)).as("private_score"),
            min(when(isClientFeedback, col("_pr"))).as("client_min_rating"),
            min(when(kind.equalTo(FEEDBACK_FREELANCER), col("_pr"))).as("freelancer_min_rating"),
            sum(when(closed.and(col("_text").equalTo("FOR_CLIENT")), 1)).as("_lost"),
            max(when(open, 1)).as("_open"),
            max(when(closed, disputeKey)).as("_last_dispute"),
            max(when(kind.equalTo(ACTIVITY), col("_at"))).as("last_work_activity_at"),
            max(when(isActivity.and(col("_text").equalTo("FREELANCER")), col("_at")))
                .as("freelancer_last_activity_at"),
            max(when(isActivity.and(col("_text").equalTo("CLIENT")), col("_at")))
                .as("client_last_activity_at"));
  }

  /** 1L shifted left by a column's value (the Java API's shiftleft takes a constant). */
  private static Column bit(Column position) {
    return call_function("shiftleft", lit(1L), position);
  }

  private static final BigDecimal TIME_SHIFT = BigDecimal.TEN.pow(22);
  private static final BigDecimal RATING_SHIFT = BigDecimal.TEN.pow(11);
  private static final long KEY_MAX = 99_999_999_999L;

  /**
   * One decimal(38,0) whose order is (submission time, then the lower public rating, then the lower
   * private score, a missing value below any present one): microseconds x 1e22, plus 11 digits for each
   * rating, larger for a less favourable (or missing) value. {@code max_by} over it picks the row SPEC
   * section 5 counts.
   */
  static Column feedbackKey(Column at, Column publicRating, Column privateScore) {
    Column pr = ratingDigits(publicRating, 1e10);
    Column ps = ratingDigits(privateScore, 1e9);
    return unix_micros(at)
        .cast("decimal(38,0)")
        .multiply(lit(TIME_SHIFT))
        .plus(pr.cast("decimal(38,0)").multiply(lit(RATING_SHIFT)))
        .plus(ps.cast("decimal(38,0)"))
        .cast("decimal(38,0)");
  }

  /** 11 digits, larger for a less favourable value; the largest for a missing one. */
  private static Column ratingDigits(Column rating, double scale) {
    Column scaled = round(rating.multiply(scale)).cast("long");
    // greatest() and least() skip nulls, so the missing value is tested first.
    return when(rating.isNull(), lit(KEY_MAX))
        .otherwise(least(greatest(lit(KEY_MAX - 1).minus(scaled), lit(0L)), lit(KEY_MAX - 1)));
  }

  /** Dollars from cents, as decimal(28,2): the type the scored tables have always had. */
  private static Column cents(Column c) {
    return c.cast("decimal(20,0)").divide(100).cast("decimal(28,2)");
  }
}
