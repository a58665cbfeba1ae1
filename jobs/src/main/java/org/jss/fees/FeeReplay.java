package org.jss.fees;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The exact replay of payment history under fee schedules in Spark (SPEC section 8): the same arithmetic
 * as {@link FeeSchedule} in decimal columns, so it equals {@link FeeLedger} to the cent.
 *
 * <p>Cost: {@link #payments} joins payments to contracts and computes two window sums (lifetime billings
 * before each payment, per freelancer-client pair; and each contract's visible earnings), so two
 * shuffles; {@link #withFees} only adds column expressions.
 */
public final class FeeReplay {
  private FeeReplay() {}

  /** Money columns are decimal(18,2), as in the raw tables. */
  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

  /**
   * Visible payments with what a fee needs: {@code freelancer_id}, {@code client_id}, {@code category},
   * {@code contract_type}, {@code billed_before_usd} (the pair's lifetime billings before the payment, in
   * order of paid_at then payment_id) and {@code contract_earnings_usd} (the contract's visible earnings,
   * its size for variable rules). Payments of contracts that are not visible are dropped.
   */
  public static Dataset<Row> payments(Dataset<Row> payments, Dataset<Row> contracts) {
    WindowSpec before =
        Window.partitionBy("freelancer_id", "client_id")
            .orderBy(col("paid_at"), col("payment_id"))
            .rowsBetween(Window.unboundedPreceding(), -1);
    WindowSpec contract = Window.partitionBy("contract_id");
    return payments
        .select("payment_id", "contract_id", "paid_at", "amount_usd")
        .join(
            contracts.select(
                "contract_id", "freelancer_id", "client_id", "category", "contract_type", "started_at"),
            "contract_id")
        .withColumn(
            "billed_before_usd",
            coalesce(sum("amount_usd").over(before), lit(BigDecimal.ZERO)).cast(MONEY))
        .withColumn("contract_earnings_usd", sum("amount_usd").over(contract).cast(MONEY));
  }

  /** Adds {@code <prefix>fee_usd} and {@code <prefix>client_fee_usd} (processing) under a schedule. */
  public static Function<Dataset<Row>, Dataset<Row>> withFees(FeeSchedule s, String prefix) {
    return df ->
        df.withColumn(prefix + "fee_usd", freelancerFee(s))
            .withColumn(prefix + "client_fee_usd", processingFee(s));
  }

  /** The freelancer fee of the payment in the row, in cents, rounded half up once. */
  public static Column freelancerFee(FeeSchedule s) {
    Column amount = col("amount_usd");
    Column exact;
    if (s.variable()) {
      exact = amount.multiply(rate(s.rules()));
    } else {
      Column before = col("billed_before_usd");
      Column after = before.plus(amount);
      exact = lit(BigDecimal.ZERO);
      for (Tier t : s.tiers()) {
        // The signed part of the payment inside the tier: clamp(after) - clamp(before).
        Column part = clamp(after, t).minus(clamp(before, t));
        exact = exact.plus(part.multiply(lit(t.rate())));
      }
    }
    return round(exact, 2).cast(MONEY);
  }

  /** The per-contract rate of a variable schedule: the first matching rule, as a when chain. */
  static Column rate(List<RateRule> rules) {
    Column r = null;
    for (RateRule rule : rules) {
      if (rule.unconditional()) {
        return r == null ? lit(rule.rate()) : r.otherwise(lit(rule.rate()));
      }
      r = r == null ? when(rule.condition(), lit(rule.rate())) : r.when(rule.condition(), lit(rule.rate()));
    }
    throw new IllegalStateException("a variable schedule ends with a default rule");
  }

  private static Column clamp(Column x, Tier t) {
    Column v = x;
    if (t.fromUsd() != null) {
      v = greatest(v, lit(t.fromUsd()));
    }
    if (t.upToUsd() != null) {
      v = least(v, lit(t.upToUsd()));
    }
    return v;
  }

  /** The client's processing fee on the payment in the row (a refund returns it). */
  public static Column processingFee(FeeSchedule s) {
    return round(col("amount_usd").multiply(lit(s.client().processingRate())), 2).cast(MONEY);
  }

  /** The client's initiation fee of a contract with the given earnings, as {@link ClientFees}. */
  public static Column initiationFee(FeeSchedule s, Column contractEarnings) {
    ClientFees c = s.client();
    Column fee =
        c.initiationRate() == null
            ? lit(c.initiationMinUsd())
            : greatest(contractEarnings.multiply(lit(c.initiationRate())), lit(c.initiationMinUsd()));
    if (c.initiationMaxUsd() != null) {
      fee = least(fee, lit(c.initiationMaxUsd()));
    }
    return round(fee, 2).cast(MONEY);
  }
}
