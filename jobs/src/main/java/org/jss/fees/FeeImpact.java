package org.jss.fees;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a fee-schedule change does to whom (SPEC section 8): every visible payment replayed under a
 * baseline and a proposal ({@link FeeReplay}), summed per freelancer, then per segment.
 *
 * <p>Choices the SPEC leaves open, made here:
 * <ul>
 *   <li>Lifetime billings always count the whole visible history; {@code since} only limits which
 *       payments (and which contracts' initiation fees, by start date) are summed.
 *   <li>Client-side fees of a freelancer's contracts (processing on each payment, initiation once per
 *       contract started in the period, on the contract's visible earnings) are attributed to that
 *       freelancer: platform revenue = freelancer fees + client fees.
 *   <li>Take-home change = proposal take-home - baseline take-home; a freelancer is worse off when it is
 *       below zero. Median, p10 and p90 are exact percentiles (linear interpolation) of that change.
 *   <li>Segments: earnings band (gross in the period), primary category (the one with the most gross;
 *       ties by name), country, tenure band (account age at the as-of date) and contract size band
 *       (gross per paid contract), plus one {@code all} row.
 * </ul>
 */
public final class FeeImpact {
  private FeeImpact() {}

  /** The segment dimensions of {@link #segments}, besides {@code all}. */
  public static final String[] DIMENSIONS = {
    "earnings_band", "category", "country", "tenure_band", "contract_size_band"
  };

  /**
   * One row per freelancer with a payment in the period or a contract started in it. Cost: the replay's
   * two window shuffles, one aggregation, one window for the primary category and a join to accounts.
   */
  public static Dataset<Row> perFreelancer(
      Dataset<Row> accounts,
      Dataset<Row> contracts,
      Dataset<Row> payments,
      LocalDate asOf,
      LocalDate since,
      FeeSchedule baseline,
      FeeSchedule proposal) {
    Column zero = lit(BigDecimal.ZERO).cast(FeeReplay.MONEY);
    Dataset<Row> replayed =
        FeeReplay.payments(payments, contracts)
            .transform(FeeReplay.withFees(baseline, "b_")::apply)
            .transform(FeeReplay.withFees(proposal, "p_")::apply);
    Dataset<Row> inPeriod =
        since == null ? replayed : replayed.where(col("paid_at").geq(lit(midnight(since))));
    Dataset<Row> paymentFacts =
        inPeriod.select(
            col("freelancer_id"),
            col("contract_id"),
            col("category"),
            lit(1).as("is_payment"),
            col("amount_usd").as("gross"),
            col("b_fee_usd").as("b_fee"),
            col("p_fee_usd").as("p_fee"),
            col("b_client_fee_usd").as("b_client"),
            col("p_client_fee_usd").as("p_client"));
    Dataset<Row> earnings =
        payments.groupBy("contract_id").agg(sum("amount_usd").cast(FeeReplay.MONEY).as("earnings"));
    Dataset<Row> started =
        since == null ? contracts : contracts.where(col("started_at").geq(lit(midnight(since))));
    Column contractEarnings = coalesce(col("earnings"), zero);
    Dataset<Row> initiationFacts =
        started
            .join(earnings, "contract_id", "left")
            .select(
                col("freelancer_id"),
                col("contract_id"),
                col("category"),
                lit(0).as("is_payment"),
                zero.as("gross"),
                zero.as("b_fee"),
                zero.as("p_fee"),
                FeeReplay.initiationFee(baseline, contractEarnings).as("b_client"),
                FeeReplay.initiationFee(proposal, contractEarnings).as("p_client"));
    Dataset<Row> facts = paymentFacts.unionByName(initiationFacts);

    Dataset<Row> primaryCategory =
        facts
            .groupBy("freelancer_id", "category")
            .agg(sum("gross").as("category_gross"))
            .withColumn(
                "rank",
                row_number()
                    .over(
                        Window.partitionBy("freelancer_id")
                            .orderBy(col("category_gross").desc(), col("category").asc())))
            .where(col("rank").equalTo(1))
            .select("freelancer_id", "category");

    Dataset<Row> totals =
        facts
            .groupBy("freelancer_id")
            .agg(
                sum("is_payment").cast(DataTypes.IntegerType).as("payments"),
                countDistinct(when(col("is_payment").equalTo(1), col("contract_id")))
                    .cast(DataTypes.IntegerType)
                    .as("contracts_paid"),
                sum("gross").cast(FeeReplay.MONEY).as("gross_usd"),
                sum("b_fee").cast(FeeReplay.MONEY).as("fee_baseline_usd"),
                sum("p_fee").cast(FeeReplay.MONEY).as("fee_proposal_usd"),
                sum("b_client").cast(FeeReplay.MONEY).as("client_fees_baseline_usd"),
                sum("p_client").cast(FeeReplay.MONEY).as("client_fees_proposal_usd"));

    Dataset<Row> freelancers =
        accounts.select(
            col("account_id").as("freelancer_id"), col("country"), col("created_at").as("joined_at"));
    Column gross = col("gross_usd");
    Column tenureDays = datediff(lit(Date.valueOf(asOf)), to_date(col("joined_at")));
    Column perContract =
        when(col("contracts_paid").gt(0), gross.divide(col("contracts_paid"))).otherwise(lit(0));
    return totals
        .join(primaryCategory, "freelancer_id", "left")
        .join(freelancers, "freelancer_id", "left")
        .select(
            col("freelancer_id"),
            lit(baseline.name()).as("baseline"),
            lit(proposal.name()).as("proposal"),
            lit(since == null ? null : Date.valueOf(since)).cast(DataTypes.DateType).as("since_date"),
            col("payments"),
            col("contracts_paid"),
            gross,
            col("fee_baseline_usd"),
            col("fee_proposal_usd"),
            gross.minus(col("fee_baseline_usd")).cast(FeeReplay.MONEY).as("take_home_baseline_usd"),
            gross.minus(col("fee_proposal_usd")).cast(FeeReplay.MONEY).as("take_home_proposal_usd"),
            col("fee_baseline_usd")
                .minus(col("fee_proposal_usd"))
                .cast(FeeReplay.MONEY)
                .as("take_home_change_usd"),
            effectiveRate(col("fee_baseline_usd"), gross).as("effective_rate_baseline"),
            effectiveRate(col("fee_proposal_usd"), gross).as("effective_rate_proposal"),
            col("client_fees_baseline_usd"),
            col("client_fees_proposal_usd"),
            col("fee_proposal_usd")
                .minus(col("fee_baseline_usd"))
                .plus(col("client_fees_proposal_usd"))
                .minus(col("client_fees_baseline_usd"))
                .cast(FeeReplay.MONEY)
                .as("platform_revenue_change_usd"),
            col("fee_proposal_usd").gt(col("fee_baseline_usd")).as("worse_off"),
            earningsBand(gross).as("earnings_band"),
            coalesce(col("category"), lit("unknown")).as("category"),
            coalesce(col("country"), lit("unknown")).as("country"),
            tenureBand(tenureDays).as("tenure_band"),
            contractSizeBand(perContract).as("contract_size_band"));
  }

  /**
   * One row per segment value of every dimension (and one {@code all} row): freelancers, gross, fees
   * and take-home change, share worse off, median/p10/p90 change, and the platform's revenue change on
   * each side of the market. One explode and one aggregation (a single shuffle) over the per-freelancer
   * rows.
   */
  public static Dataset<Row> segments(Dataset<Row> perFreelancer) {
    Column[] segs = new Column[DIMENSIONS.length + 1];
    segs[0] = struct(lit("all").as("segment"), lit("all").as("segment_value"));
    for (int i = 0; i < DIMENSIONS.length; i++) {
      segs[i + 1] = struct(lit(DIMENSIONS[i]).as("segment"), col(DIMENSIONS[i]).as("segment_value"));
    }
    Column change = col("take_home_change_usd").cast(DataTypes.DoubleType);
    return perFreelancer
        .withColumn("seg", explode(array(segs)))
        .groupBy(col("baseline"), col("proposal"), col("since_date"), col("seg.segment"),
            col("seg.segment_value"))
        .agg(
            count(lit(1)).cast(DataTypes.IntegerType).as("freelancers"),
            sum("gross_usd").cast(FeeReplay.MONEY).as("gross_usd"),
            sum("fee_baseline_usd").cast(FeeReplay.MONEY).as("fee_baseline_usd"),
            sum("fee_proposal_usd").cast(FeeReplay.MONEY).as("fee_proposal_usd"),
            sum("take_home_change_usd").cast(FeeReplay.MONEY).as("take_home_change_usd"),
            avg(col("worse_off").cast(DataTypes.DoubleType)).as("share_worse_off"),
            round(percentile(change, lit(0.5)), 2).as("median_change_usd"),
            round(percentile(change, lit(0.1)), 2).as("p10_change_usd"),
            round(percentile(change, lit(0.9)), 2).as("p90_change_usd"),
            sum(col("fee_proposal_usd").minus(col("fee_baseline_usd")))
                .cast(FeeReplay.MONEY)
                .as("freelancer_side_revenue_change_usd"),
            sum(col("client_fees_proposal_usd").minus(col("client_fees_baseline_usd")))
                .cast(FeeReplay.MONEY)
                .as("client_side_revenue_change_usd"),
            sum("platform_revenue_change_usd").cast(FeeReplay.MONEY).as("platform_revenue_change_usd"));
  }

  static Timestamp midnight(LocalDate d) {
    return Timestamp.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private static Column effectiveRate(Column fee, Column gross) {
    return when(gross.gt(0), round(fee.divide(gross).cast(DataTypes.DoubleType), 6));
  }

  static Column earningsBand(Column gross) {
    return when(gross.lt(1_000), "<1k")
        .when(gross.lt(10_000), "1k-10k")
        .when(gross.lt(100_000), "10k-100k")
        .otherwise("100k+");
  }

  static Column tenureBand(Column days) {
    return when(days.isNull(), "unknown")
        .when(days.lt(365), "<1y")
        .when(days.lt(3 * 365), "1-3y")
        .when(days.lt(5 * 365), "3-5y")
        .otherwise("5y+");
  }

  static Column contractSizeBand(Column perContract) {
    return when(perContract.lt(250), "<250")
        .when(perContract.lt(1_000), "250-1k")
        .when(perContract.lt(10_000), "1k-10k")
        .otherwise("10k+");
  }
}
