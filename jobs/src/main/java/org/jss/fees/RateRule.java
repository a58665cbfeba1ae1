package org.jss.fees;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * One rule of a variable (per-contract) fee: the rate applies to a contract when every condition that is
 * set holds. Rules are tried in order and the first match wins; the last rule has no condition (the
 * default), which the loader checks, so every contract gets a rate.
 *
 * <p>The same rule is evaluated two ways that must agree: {@link #matches} in plain Java (quotes and the
 * reference replay) and {@link #condition} as a Spark column over {@code category}, {@code contract_type}
 * and {@code contract_earnings_usd}.
 */
public record RateRule(
    List<String> categories,
    List<String> contractTypes,
    BigDecimal earningsAtLeastUsd,
    BigDecimal earningsBelowUsd,
    BigDecimal rate) {

  public boolean unconditional() {
    return categories.isEmpty()
        && contractTypes.isEmpty()
        && earningsAtLeastUsd == null
        && earningsBelowUsd == null;
  }

  public boolean matches(ContractTerms t) {
    if (!categories.isEmpty() && !categories.contains(t.category())) {
      return false;
    }
    if (!contractTypes.isEmpty() && !contractTypes.contains(t.contractType())) {
      return false;
    }
    if (earningsAtLeastUsd != null && t.earningsUsd().compareTo(earningsAtLeastUsd) < 0) {
      return false;
    }
    return earningsBelowUsd == null || t.earningsUsd().compareTo(earningsBelowUsd) < 0;
  }

  /** The rule's condition as a column; {@code lit(true)} for the default rule. */
  public Column condition() {
    Column c = lit(true);
    if (!categories.isEmpty()) {
      c = c.and(col("category").isin(categories.toArray()));
    }
    if (!contractTypes.isEmpty()) {
      c = c.and(col("contract_type").isin(contractTypes.toArray()));
    }
    if (earningsAtLeastUsd != null) {
      c = c.and(col("contract_earnings_usd").geq(lit(earningsAtLeastUsd)));
    }
    if (earningsBelowUsd != null) {
      c = c.and(col("contract_earnings_usd").lt(lit(earningsBelowUsd)));
    }
    return c;
  }

  /** A plain description, e.g. {@code category in [Writing] and earnings < 250.00: 15%}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (!categories.isEmpty()) {
      b.append("category in ").append(categories);
    }
    if (!contractTypes.isEmpty()) {
      b.append(b.isEmpty() ? "" : " and ").append("type in ").append(contractTypes);
    }
    if (earningsAtLeastUsd != null) {
      b.append(b.isEmpty() ? "" : " and ").append("earnings >= ").append(earningsAtLeastUsd.toPlainString());
    }
    if (earningsBelowUsd != null) {
      b.append(b.isEmpty() ? "" : " and ").append("earnings < ").append(earningsBelowUsd.toPlainString());
    }
    return (b.isEmpty() ? "otherwise" : b.toString()) + ": " + FeeSchedule.percent(rate);
  }
}
