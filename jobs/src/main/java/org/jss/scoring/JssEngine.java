package org.jss.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.jss.config.JssPolicy;

/**
 * The JSS of SPEC section 5 as Spark transforms. {@link #outcomes} classifies and weighs every contract;
 * {@link #score} scores every (freelancer, scenario) in one pass: all windows are conditional sums over one
 * window partition by freelancer, so the whole stage shuffles by freelancer once. A scenario is a what-if
 * copy of a freelancer's contracts (the inactive stage closes one contract per scenario); the real score
 * is scenario {@value #BASE}.
 */
public final class JssEngine {
  private JssEngine() {}

  public static final String BASE = "";
  public static final String SCENARIO = "scenario";

  /**
   * Adds candidacy, weight and outcome to each contract of {@link ContractFeatures}: {@code
   * active_long_term}, {@code duration_days}, {@code smallest_window} (the shortest window the contract
   * is a candidate in; null when it is no candidate), {@code weight}, {@code class}, {@code reason},
   * {@code counted}, {@code private_dependent}.
   */
  public static Dataset<Row> outcomes(Dataset<Row> features, LocalDate asOf, JssPolicy p) {
    Date d = Date.valueOf(asOf);
    Column daysSinceStart = datediff(lit(d), col("start_date"));
    Dataset<Row> withInputs =
        features
            .withColumn(
                "active_long_term",
                not(col("ended"))
                    .and(daysSinceStart.geq(p.longTermDays()))
                    .and(col("recent_positive_payment")))
            .withColumn("duration_days", datediff(col("end_date"), col("start_date")));
    return withInputs
        .withColumn("smallest_window", smallestWindow(asOf, p))
        .withColumn("weight", weight(p))
        .withColumn("_o", OutcomeRules.classify(OutcomeRules.Inputs.of(col("private_score")), p))
        .withColumn(
            "_o_public",
            OutcomeRules.classify(
                OutcomeRules.Inputs.of(col("private_score")).withPrivateScore(lit(null).cast("double")),
                p))
        .withColumn("class", when(col("smallest_window").isNotNull(), col("_o.class")))
        .withColumn("reason", when(col("smallest_window").isNotNull(), col("_o.reason")))
        .withColumn(
            "counted",
            col("smallest_window").isNotNull().and(col("class").notEqual(OutcomeRules.EXCLUDED)))
        .withColumn(
            "private_dependent",
            col("smallest_window")
                .isNotNull()
                .and(col("private_score").isNotNull())
                .and(
                    col("_o.class")
                        .notEqual(col("_o_public.class"))
                        .or(col("_o.reason").notEqual(col("_o_public.reason")))))
        .drop("_o", "_o_public");
  }

  /** The shortest window (in months) that holds the contract as a candidate, or null. */
  static Column smallestWindow(LocalDate asOf, JssPolicy p) {
    List<Integer> shortestFirst = new ArrayList<>(p.windowMonths());
    shortestFirst.sort(Integer::compare);
    Column ended = col("ended");
    Column w = null;
    for (int i = shortestFirst.size() - 1; i >= 0; i--) {
      int m = shortestFirst.get(i);
      Column start = lit(Date.valueOf(asOf.minusMonths(m)));
      Column in = ended.and(col("end_date").geq(start));
      w = w == null ? when(in, lit(m)) : when(in, lit(m)).otherwise(w);
    }
    return when(col("active_long_term"), lit(shortestFirst.get(0))).otherwise(w);
  }

  /** Size tier by earnings plus one per complete paid period, capped (SPEC section 5, Weight). */
  static Column weight(JssPolicy p) {
    Column tier =
        when(col("earnings").leq(p.weightSmallMaxUsd()), lit(p.weightSmall()))
            .when(col("earnings").leq(p.weightMediumMaxUsd()), lit(p.weightMedium()))
            .otherwise(lit(p.weightLarge()));
    return least(tier.plus(col("paid_periods").cast("double")), lit(p.weightMax()));
  }

  /**
   * Scores every (freelancer, scenario) partition and attaches the result to each of its contract rows:
   * per window {@code w<m>_total|positive|negative|count|clients|score|qualifies}, then {@code jss},
   * {@code window_months}, {@code total_weight}, {@code positive_weight}, {@code negative_weight},
   * {@code counted_in_window}, {@code raw}, {@code eligible}, {@code ineligible_reason}, {@code to_ninety},
   * and per contract {@code in_chosen_window} (a candidate of the chosen window, counted or not) and
   * {@code loss}. Cost: one shuffle by freelancer.
   */
  public static Dataset<Row> score(Dataset<Row> outcomes, JssPolicy p) {
    WindowSpec part = Window.partitionBy(col("freelancer_id"), col(SCENARIO));
    List<Integer> longestFirst = p.windowsLongestFirst();
    Dataset<Row> df = outcomes;
    Column counted = col("counted");
    Column positive = col("class").equalTo(OutcomeRules.POSITIVE);
    Column negative = col("class").equalTo(OutcomeRules.NEGATIVE);
    for (int m : longestFirst) {
      Column in = counted.and(col("smallest_window").leq(m));
      String w = "w" + m + "_";
      df =
          df.withColumn(w + "total", sum(when(in, col("weight")).otherwise(0.0)).over(part))
              .withColumn(w + "positive", sum(when(in.and(positive), col("weight")).otherwise(0.0)).over(part))
              .withColumn(w + "negative", sum(when(in.and(negative), col("weight")).otherwise(0.0)).over(part))
              .withColumn(w + "count", sum(when(in, 1).otherwise(0)).over(part))
              .withColumn(w + "clients", size(collect_set(when(in, col("client_id"))).over(part)))
              .withColumn(w + "raw", raw(col(w + "total"), col(w + "positive"), col(w + "negative"), p))
              .withColumn(w + "score", least(greatest(col(w + "raw"), lit(0.0)), lit(100.0)))
              .withColumn(
                  w + "qualifies",
                  col(w + "count")
                      .geq(p.qualifyMinContracts())
                      .and(col(w + "clients").geq(p.qualifyMinClients())));
    }
    Column[] qualifyingScores =
        longestFirst.stream()
            .map(m -> when(col("w" + m + "_qualifies"), col("w" + m + "_score")))
            .toArray(Column[]::new);
    df = df.withColumn("jss", qualifyingScores.length == 1 ? qualifyingScores[0] : greatest(qualifyingScores));
    // Ties between windows go to the longest: test windows longest first and keep the first that matches.
    Column chosen = lit(null).cast("int");
    for (int i = longestFirst.size() - 1; i >= 0; i--) {
      int m = longestFirst.get(i);
      Column hit = col("w" + m + "_qualifies").and(col("w" + m + "_score").equalTo(col("jss")));
      chosen = when(hit, lit(m)).otherwise(chosen);
    }
    df = df.withColumn("window_months", chosen);
    int longest = longestFirst.get(0);
    df =
        df.withColumn("total_weight", pick("total", longestFirst, longest))
            .withColumn("positive_weight", pick("positive", longestFirst, longest))
            .withColumn("negative_weight", pick("negative", longestFirst, longest))
            .withColumn("counted_in_window", pick("count", longestFirst, longest))
            .withColumn("raw", pick("raw", longestFirst, longest))
            .withColumn("eligible", col("jss").isNotNull())
            .withColumn(
                "ineligible_reason",
                when(col("jss").isNotNull(), lit(null).cast("string"))
                    .when(col("w" + longest + "_count").lt(p.qualifyMinContracts()), lit("NOT_ENOUGH_CONTRACTS"))
                    .otherwise(lit("NOT_ENOUGH_CLIENTS")))
            .withColumn(
                "in_chosen_window",
                col("window_months").isNotNull().and(col("smallest_window").leq(col("window_months"))))
            .withColumn("loss", loss(p))
            .withColumn("to_ninety", toNinety(p));
    return df;
  }

  /** The chosen window's value of a per-window column; the longest window's when none qualifies. */
  private static Column pick(String metric, List<Integer> windows, int fallback) {
    Column c = col("w" + fallback + "_" + metric);
    for (int i = windows.size() - 1; i >= 0; i--) {
      int m = windows.get(i);
      c = when(col("window_months").equalTo(m), col("w" + m + "_" + metric)).otherwise(c);
    }
    return c;
  }

  static Column raw(Column total, Column pos, Column neg, JssPolicy p) {
    Column numerator = p.netSuccess() ? pos.minus(neg) : pos;
    return when(total.gt(0), numerator.multiply(100.0).divide(total));
  }

  /**
   * Points a counted contract in the chosen window loses: with NET_SUCCESS neutral 100w/W and negative
   * 200w/W, with POSITIVE_SHARE 100w/W for every non-positive one; scaled to total 100 when raw &lt; 0 so
   * that 100 minus the losses is the clamped score.
   */
  static Column loss(JssPolicy p) {
    Column w = col("weight");
    Column total = col("total_weight");
    Column cls = col("class");
    Column base;
    if (p.netSuccess()) {
      base =
          when(cls.equalTo(OutcomeRules.NEUTRAL), w.multiply(100.0).divide(total))
              .when(cls.equalTo(OutcomeRules.NEGATIVE), w.multiply(200.0).divide(total))
              .otherwise(0.0);
    } else {
      base = when(cls.notEqual(OutcomeRules.POSITIVE), w.multiply(100.0).divide(total)).otherwise(0.0);
    }
    Column scaled =
        when(col("raw").lt(0), base.multiply(100.0).divide(lit(100.0).minus(col("raw")))).otherwise(base);
    return when(col("in_chosen_window").and(col("counted")), scaled).otherwise(0.0);
  }

  /**
   * Further positive contracts of weight 1.0 that lift the chosen window to 90 or more: the smallest k
   * with 100(P-N+k)/(W+k) &gt;= 90 (NET_SUCCESS) or 100(P+k)/(W+k) &gt;= 90, i.e. k &gt;= 9W - 10(P-N).
   */
  static Column toNinety(JssPolicy p) {
    Column pw = col("positive_weight");
    Column nw = p.netSuccess() ? col("negative_weight") : lit(0.0);
    Column need = col("total_weight").multiply(9.0).minus(pw.minus(nw).multiply(10.0));
    return when(
        col("jss").isNotNull(),
        greatest(lit(0L), ceil(need.minus(1e-9)).cast("long")));
  }

  /** Display value: rounded half up; a value within 1e-9 below a half rounds up (SPEC section 5). */
  public static Column display(Column exact) {
    return floor(exact.plus(0.5 + 1e-9)).cast("int");
  }


}
