package org.jss.scoring;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.jss.config.JssPolicy;
import org.jss.io.Snapshot;

/**
 * Per-contract facts the JSS rules read, computed in one aggregation by contract over the union of
 * contracts, payments, feedback and disputes (one shuffle instead of one per table), then the client's
 * bad-actor status from freelancer-given ratings on all of the client's contracts.
 *
 * <p>Output columns: the contract's own columns plus {@code start_date}, {@code end_date} (UTC dates),
 * {@code ended}, {@code earnings} (decimal), {@code public_rating} and {@code private_score} of the latest
 * client feedback row (ties: the less favourable), {@code dispute_open}, {@code dispute_lost},
 * {@code recent_positive_payment}, {@code paid_periods} (complete 90-day periods holding a payment &gt; 0),
 * {@code bad_actor_client}, {@code earnings_12m} (payments in the last 12 months, for Top Rated). Cost: one shuffle by contract, one by client, one join.
 */
public final class ContractFeatures {
  private ContractFeatures() {}

  private static final String KIND = "_kind";

  public static Dataset<Row> compute(Snapshot s, JssPolicy p) {
    LocalDate asOf = s.asOf();
    Dataset<Row> contracts =
        s.contracts()
            .select(
                col("contract_id"),
                lit("C").as(KIND),
                col("freelancer_id"),
                col("client_id"),
                col("contract_type"),
                col("category"),
                col("started_at"),
                col("ended_at"),
                col("end_reason"),
                nullTs("event_at"),
                nullD("amount"),
                nullDbl("public_rating"),
                nullDbl("private_score"),
                nullStr("outcome"));
    Dataset<Row> payments =
        s.payments()
            .select(
                col("contract_id"), lit("P").as(KIND), nullStr("freelancer_id"), nullStr("client_id"),
                nullStr("contract_type"), nullStr("category"), nullTs("started_at"), nullTs("ended_at"),
                nullStr("end_reason"), col("paid_at").as("event_at"), col("amount_usd").as("amount"),
                nullDbl("public_rating"), nullDbl("private_score"), nullStr("outcome"));
    Dataset<Row> feedback =
        s.feedback()
            .select(
                col("contract_id"),
                when(col("given_by").equalTo("CLIENT"), lit("FC")).otherwise(lit("FF")).as(KIND),
                nullStr("freelancer_id"), nullStr("client_id"), nullStr("contract_type"),
                nullStr("category"), nullTs("started_at"), nullTs("ended_at"), nullStr("end_reason"),
                col("submitted_at").as("event_at"), nullD("amount"), col("public_rating"),
                col("private_score"), nullStr("outcome"));
    Dataset<Row> disputes =
        s.disputes()
            .select(
                col("contract_id"), lit("D").as(KIND), nullStr("freelancer_id"), nullStr("client_id"),
                nullStr("contract_type"), nullStr("category"), nullTs("started_at"), nullTs("ended_at"),
                nullStr("end_reason"), col("closed_at").as("event_at"), nullD("amount"),
                nullDbl("public_rating"), nullDbl("private_score"), col("outcome"));

    Column isKind = col(KIND);
    Column positivePayment = isKind.equalTo("P").and(col("amount").gt(0));
    // Ties on submitted_at go to the less favourable row: lower public rating, then lower private score,
    // a missing value ranking below any present one. max() of this struct picks exactly that row.
    Column feedbackKey =
        struct(
            col("event_at").as("at"),
            coalesce(negate(col("public_rating")), lit(1e9)).as("pr_key"),
            coalesce(negate(col("private_score")), lit(1e9)).as("ps_key"),
            col("public_rating").as("pr"),
            col("private_score").as("ps"));
    // The dispute closed last counts; on equal closing times FOR_CLIENT comes first.
    Column disputeKey =
        struct(
            col("event_at").as("at"),
            when(col("outcome").equalTo("FOR_CLIENT"), 1).otherwise(0).as("fc"),
            col("outcome").as("outcome"));
    Column lowRating = col("public_rating").leq(p.badActorLowRatingMax());

    Dataset<Row> agg =
        contracts
            .unionByName(payments)
            .unionByName(feedback)
            .unionByName(disputes)
            .groupBy("contract_id")
            .agg(
                max(when(isKind.equalTo("C"), lit(1))).as("_has_contract"),
                first("freelancer_id", true).as("freelancer_id"),
                first("client_id", true).as("client_id"),
                first("contract_type", true).as("contract_type"),
                first("category", true).as("category"),
                first("started_at", true).as("started_at"),
                first("ended_at", true).as("ended_at"),
                first("end_reason", true).as("end_reason"),
                coalesce(sum(when(isKind.equalTo("P"), col("amount"))), lit(0).cast("decimal(18,2)"))
                    .as("earnings"),
                coalesce(
                        sum(
                            when(
                                isKind.equalTo("P")
                                    .and(to_date(col("event_at")).geq(lit(Date.valueOf(asOf.minusMonths(12))))),
                                col("amount"))),
                        lit(0).cast("decimal(18,2)"))
                    .as("earnings_12m"),
                collect_list(when(positivePayment, to_date(col("event_at")))).as("_paid_dates"),
                max(when(isKind.equalTo("FC"), feedbackKey)).as("_fb"),
                max(when(isKind.equalTo("D").and(col("outcome").equalTo("OPEN")), lit(true)))
                    .as("_open"),
                max(when(isKind.equalTo("D").and(col("outcome").notEqual("OPEN")), disputeKey))
                    .as("_last_dispute"),
                sum(when(isKind.equalTo("FF").and(col("public_rating").isNotNull()), 1)).as("_ff_rated"),
                sum(when(isKind.equalTo("FF").and(lowRating), 1)).as("_ff_low"))
            .where(col("_has_contract").isNotNull());

    Date d = Date.valueOf(asOf);
    Column startDate = to_date(col("started_at"));
    Column endDate = to_date(col("ended_at"));
    Column periodEndLimit = coalesce(endDate, lit(d));
    return withBadActor(
        agg.withColumn("start_date", startDate)
            .withColumn("end_date", endDate)
            .withColumn("ended", col("ended_at").isNotNull())
            .withColumn("public_rating", col("_fb.pr"))
            .withColumn("private_score", col("_fb.ps"))
            .withColumn("dispute_open", coalesce(col("_open"), lit(false)))
            .withColumn(
                "dispute_lost",
                coalesce(col("_last_dispute.outcome").equalTo("FOR_CLIENT"), lit(false)))
            .withColumn(
                "recent_positive_payment",
                size(
                        filter(
                            col("_paid_dates"),
                            pd -> datediff(pd, lit(d)).gt(-p.recentPaymentDays())))
                    .gt(0))
            .withColumn(
                "paid_periods",
                size(
                    array_distinct(
                        filter(
                            transform(col("_paid_dates"), pd -> floor(datediff(pd, startDate).divide(p.weightPeriodDays()))),
                            k ->
                                k.geq(0)
                                    .and(
                                        date_add(startDate, k.plus(1).multiply(p.weightPeriodDays()).cast("int"))
                                            .leq(periodEndLimit))))))
            .withColumn("_ff_rated", coalesce(col("_ff_rated"), lit(0L)))
            .withColumn("_ff_low", coalesce(col("_ff_low"), lit(0L)))
            .drop("_has_contract", "_paid_dates", "_fb", "_open", "_last_dispute"),
        p);
  }

  /**
   * Rule 1: a client with at least N freelancer-given public ratings at or below the cut-off, making up
   * at least the given share of all freelancer-given ratings the client has, on any of its contracts.
   */
  private static Dataset<Row> withBadActor(Dataset<Row> perContract, JssPolicy p) {
    Dataset<Row> clients =
        perContract
            .groupBy(col("client_id").as("_bac_client"))
            .agg(sum("_ff_low").as("_low"), sum("_ff_rated").as("_rated"))
            .where(
                col("_low")
                    .geq(p.badActorMinLowRatings())
                    .and(col("_low").geq(col("_rated").multiply(p.badActorMinShare()))))
            .select(col("_bac_client"), lit(true).as("bad_actor_client"));
    return perContract
        .join(clients, perContract.col("client_id").equalTo(clients.col("_bac_client")), "left")
        .withColumn("bad_actor_client", coalesce(col("bad_actor_client"), lit(false)))
        .drop("_bac_client", "_ff_low", "_ff_rated");
  }

  private static Column nullStr(String name) {
    return lit(null).cast(DataTypes.StringType).as(name);
  }

  private static Column nullTs(String name) {
    return lit(null).cast(DataTypes.TimestampType).as(name);
  }

  private static Column nullDbl(String name) {
    return lit(null).cast(DataTypes.DoubleType).as(name);
  }

  private static Column nullD(String name) {
    return lit(null).cast("decimal(18,2)").as(name);
  }
}
