package org.jss.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.JssPolicy;

/**
 * The JSS of SPEC section 5 as Spark transforms. {@link #outcomes} classifies and weighs every contract
 * row-wise; {@link #score} sums every window of every freelancer in one aggregation; {@link
 * #scoreWindows} turns window sums into the score, so a what-if (the inactive stage closing one contract)
 * is scored from adjusted sums without rescoring the freelancer.
 */
public final class JssEngine {
  private JssEngine() {}

  /**
   * Adds candidacy, weight and outcome to each contract of {@link org.jss.facts.ContractFacts}: {@code
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

  /** A scoring: one row per freelancer, and every contract row with its window membership and loss. */
  public record Scored(Dataset<Row> freelancers, Dataset<Row> contracts) {}

  /**
   * Scores every freelancer of {@link #outcomes} as one aggregation. The contract rows are shuffled
   * once, by freelancer; a hash aggregate by (freelancer, client) then by freelancer sums every window
   * (weights, counts, and distinct clients as the pairs present in a window) on that partitioning, and
   * the per-freelancer result joins back to the same partitions for each contract's loss: one exchange
   * for the whole scoring.
   *
   * <p>{@code freelancers}: per window {@code w<m>_total|positive|negative|count|clients}, then the
   * columns of {@link #scoreWindows}, {@code earnings_12m_usd} and {@code first_contract_started}, for
   * every freelancer with a visible contract. {@code contracts}: the outcome rows plus {@code
   * window_months}, {@code total_weight}, {@code raw}, {@code in_chosen_window} (a candidate of the
   * chosen window, counted or not) and {@code loss}.
   */
  public static Scored score(Dataset<Row> outcomes, JssPolicy p) {
    Dataset<Row> byFreelancer = outcomes.repartition(col("freelancer_id"));
    Dataset<Row> freelancers = scoreWindows(windowSums(byFreelancer, p), p);
    Dataset<Row> contracts =
        byFreelancer
            .join(
                freelancers.select(
                    col("freelancer_id"), col("window_months"), col("total_weight"), col("raw")),
                "freelancer_id")
            .withColumn(
                "in_chosen_window",
                col("window_months").isNotNull().and(col("smallest_window").leq(col("window_months"))))
            .withColumn("loss", loss(p));
    return new Scored(freelancers, contracts);
  }

  /** Whether a contract row counts in window {@code m}. */
  static Column inWindow(int m) {
    return col("counted").and(col("smallest_window").leq(m));
  }

  /**
   * The per-window sums of every freelancer: weights, positive and negative weights, counted contracts
   * and distinct clients, plus 12-month earnings and the first contract's start (Top Rated).
   */
  public static Dataset<Row> windowSums(Dataset<Row> outcomes, JssPolicy p) {
    List<Column> perFreelancer = new ArrayList<>();
    for (int m : p.windowsLongestFirst()) {
      String w = "w" + m + "_";
      for (String metric : List.of("total", "positive", "negative", "count")) {
        perFreelancer.add(sum(w + metric).as(w + metric));
      }
      perFreelancer.add(sum(when(col(w + "count").gt(0), 1L).otherwise(0L)).as(w + "clients"));
    }
    perFreelancer.add(sum("_e12").as("earnings_12m_usd"));
    perFreelancer.add(min("_first").as("first_contract_started"));
    return pairSums(outcomes, p)
        .groupBy(col("freelancer_id"))
        .agg(perFreelancer.get(0), perFreelancer.subList(1, perFreelancer.size()).toArray(Column[]::new));
  }

  /**
   * The same sums per (freelancer, client): a client is present in window m when its {@code
   * w<m>_count} is above 0, which is how distinct clients are counted without a set.
   */
  public static Dataset<Row> pairSums(Dataset<Row> outcomes, JssPolicy p) {
    List<Column> perPair = new ArrayList<>();
    Column positive = col("class").equalTo(OutcomeRules.POSITIVE);
    Column negative = col("class").equalTo(OutcomeRules.NEGATIVE);
    for (int m : p.windowsLongestFirst()) {
      String w = "w" + m + "_";
      Column in = inWindow(m);
      perPair.add(sum(when(in, col("weight")).otherwise(0.0)).as(w + "total"));
      perPair.add(sum(when(in.and(positive), col("weight")).otherwise(0.0)).as(w + "positive"));
      perPair.add(sum(when(in.and(negative), col("weight")).otherwise(0.0)).as(w + "negative"));
      perPair.add(sum(when(in, 1L).otherwise(0L)).as(w + "count"));
    }
    perPair.add(sum("earnings_12m").as("_e12"));
    perPair.add(min("start_date").as("_first"));
    return outcomes
        .groupBy(col("freelancer_id"), col("client_id"))
        .agg(perPair.get(0), perPair.subList(1, perPair.size()).toArray(Column[]::new));
  }

  /**
   * The window sums of a freelancer with one contract's outcome replaced: {@code sums} holds the
   * freelancer's {@code w<m>_*} sums, {@code pair_w<m>_count} its client's counted contracts per window,
   * and the old and new outcome of the contract are the columns {@code old_*} and {@code new_*} ({@code
   * counted}, {@code smallest_window}, {@code weight}, {@code class}). Subtracting the old contribution
   * and adding the new one gives exactly the sums a rescoring would, and the client count changes only
   * when the contract was its client's only one in the window or becomes so.
   */
  public static Dataset<Row> replaceOne(Dataset<Row> sums, JssPolicy p) {
    Dataset<Row> df = sums;
    for (int m : p.windowsLongestFirst()) {
      String w = "w" + m + "_";
      Column oldIn = col("old_counted").and(col("old_smallest_window").leq(m));
      Column newIn = col("new_counted").and(col("new_smallest_window").leq(m));
      Column oldW = when(oldIn, col("old_weight")).otherwise(0.0);
      Column newW = when(newIn, col("new_weight")).otherwise(0.0);
      Column oldPos = col("old_class").equalTo(OutcomeRules.POSITIVE);
      Column newPos = col("new_class").equalTo(OutcomeRules.POSITIVE);
      Column oldNeg = col("old_class").equalTo(OutcomeRules.NEGATIVE);
      Column newNeg = col("new_class").equalTo(OutcomeRules.NEGATIVE);
      Column oldOne = when(oldIn, 1L).otherwise(0L);
      Column newOne = when(newIn, 1L).otherwise(0L);
      Column othersOfClient = col("pair_" + w + "count").minus(oldOne);
      df =
          df.withColumn(w + "total", col(w + "total").minus(oldW).plus(newW))
              .withColumn(
                  w + "positive",
                  col(w + "positive")
                      .minus(when(oldPos, oldW).otherwise(0.0))
                      .plus(when(newPos, newW).otherwise(0.0)))
              .withColumn(
                  w + "negative",
                  col(w + "negative")
                      .minus(when(oldNeg, oldW).otherwise(0.0))
                      .plus(when(newNeg, newW).otherwise(0.0)))
              .withColumn(w + "count", col(w + "count").minus(oldOne).plus(newOne))
              .withColumn(
                  w + "clients",
                  col(w + "clients")
                      .minus(when(oldIn.and(othersOfClient.equalTo(0)), 1L).otherwise(0L))
                      .plus(when(newIn.and(othersOfClient.equalTo(0)), 1L).otherwise(0L)));
    }
    return df;
  }

  /**
   * From per-window sums ({@code w<m>_total|positive|negative|count|clients}) to the score: per window
   * {@code w<m>_raw|score|qualifies}, then {@code jss} (best qualifying window, ties to the longest),
   * {@code window_months}, the chosen window's {@code total_weight}, {@code positive_weight}, {@code
   * negative_weight}, {@code counted_in_window} and {@code raw} (the longest window's when none
   * qualifies), {@code eligible}, {@code ineligible_reason} and {@code to_ninety}. Row-wise: the same
   * rules score a what-if from adjusted sums.
   */
  public static Dataset<Row> scoreWindows(Dataset<Row> sums, JssPolicy p) {
    List<Integer> longestFirst = p.windowsLongestFirst();
    Dataset<Row> df = sums;
    for (int m : longestFirst) {
      String w = "w" + m + "_";
      df =
          df.withColumn(w + "raw", raw(col(w + "total"), col(w + "positive"), col(w + "negative"), p))
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
