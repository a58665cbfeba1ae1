package org.jss.fees;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A fee schedule (SPEC section 8), loaded from {@code conf/fees/<name>.yaml} by {@link FeeSchedules}.
 * The freelancer fee is either tiered on the lifetime billings between one freelancer and one client
 * ({@code tiers}; a flat fee is one open tier) or a per-contract rate chosen by ordered {@code rules};
 * exactly one of the two lists is non-empty. {@code version} is a fingerprint of the file's content,
 * recorded with every impact row so that a changed schedule is never mistaken for the old one.
 *
 * <p><b>Arithmetic.</b> Let F(L) be the exact cumulative fee on lifetime billings L (the sum over tiers
 * of rate x the part of L inside the tier). A payment of amount a with billings b before it owes the
 * exact fee F(b + a) - F(b): split at tier boundaries, each part times its tier's rate, summed without
 * rounding, then rounded half up (away from zero) to cents once per payment. A refund (a < 0) moves
 * billings back down and so returns the fee of the tiers it walks back through, from the top; refunding
 * a payment right after it returns exactly the fee it was charged. Money is BigDecimal throughout, and
 * the Spark replay uses the same decimal arithmetic, so both agree to the cent.
 */
public record FeeSchedule(
    String name,
    String description,
    LocalDate effectiveFrom,
    LocalDate effectiveTo,
    String source,
    List<Tier> tiers,
    List<RateRule> rules,
    ClientFees client,
    String version) {

  public FeeSchedule {
    tiers = List.copyOf(tiers);
    rules = List.copyOf(rules);
    if (tiers.isEmpty() == rules.isEmpty()) {
      throw new IllegalArgumentException(name + ": exactly one of tiers and rules must be given");
    }
  }

  public boolean variable() {
    return !rules.isEmpty();
  }

  /** The per-contract rate of a variable schedule: the first rule that matches. */
  public BigDecimal rateFor(ContractTerms terms) {
    for (RateRule r : rules) {
      if (r.matches(terms)) {
        return r.rate();
      }
    }
    throw new IllegalStateException(name + ": no rule matched and no default rule");
  }

  /** The fee in cents of one payment; see the class comment for the arithmetic. */
  public BigDecimal fee(BigDecimal amountUsd, BigDecimal billedBeforeUsd, ContractTerms terms) {
    return quote(amountUsd, billedBeforeUsd, terms).feeUsd();
  }

  /**
   * The full split of one payment. {@code terms} is needed only by a variable schedule (it may be null
   * for a tiered one).
   */
  public FeeQuote quote(BigDecimal amountUsd, BigDecimal billedBeforeUsd, ContractTerms terms) {
    List<BigDecimal[]> raw = new ArrayList<>(); // amount, exact fee
    List<Object[]> bounds = new ArrayList<>(); // from, upTo, rate
    if (variable()) {
      BigDecimal rate = rateFor(terms);
      raw.add(new BigDecimal[] {amountUsd, amountUsd.multiply(rate)});
      bounds.add(new Object[] {null, null, rate});
    } else {
      BigDecimal after = billedBeforeUsd.add(amountUsd);
      for (Tier t : tiers) {
        BigDecimal part = t.clamp(after).subtract(t.clamp(billedBeforeUsd));
        if (part.signum() != 0) {
          raw.add(new BigDecimal[] {part, part.multiply(t.rate())});
          bounds.add(new Object[] {t.fromUsd(), t.upToUsd(), t.rate()});
        }
      }
    }
    BigDecimal exact = BigDecimal.ZERO;
    for (BigDecimal[] r : raw) {
      exact = exact.add(r[1]);
    }
    BigDecimal fee = cents(exact);
    List<FeeQuote.Part> parts = new ArrayList<>();
    BigDecimal roundedSum = BigDecimal.ZERO;
    for (int i = 0; i < raw.size(); i++) {
      BigDecimal partFee = cents(raw.get(i)[1]);
      if (i == raw.size() - 1) {
        // The top part touched absorbs the rounding difference so that parts add up to the fee.
        partFee = fee.subtract(roundedSum);
      }
      roundedSum = roundedSum.add(partFee);
      Object[] b = bounds.get(i);
      parts.add(
          new FeeQuote.Part(
              (BigDecimal) b[0], (BigDecimal) b[1], (BigDecimal) b[2], raw.get(i)[0], raw.get(i)[1],
              partFee));
    }
    return new FeeQuote(
        name,
        amountUsd,
        billedBeforeUsd,
        List.copyOf(parts),
        exact,
        fee,
        amountUsd.subtract(fee),
        client.processingFee(amountUsd));
  }

  /** Rounds half up (away from zero, so a refund mirrors its charge) to whole cents. */
  public static BigDecimal cents(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }

  /** A rate as a percentage text, e.g. 0.2 as {@code 20%} and 0.0275 as {@code 2.75%}. */
  public static String percent(BigDecimal rate) {
    return rate.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** A one-line description of the freelancer fee, e.g. {@code 20% to 500.00, 10% to 10000.00, 5% above}. */
  public String freelancerFeeSummary() {
    if (variable()) {
      return "per contract: " + String.join("; ", rules.stream().map(RateRule::describe).toList());
    }
    if (tiers.size() == 1) {
      return "flat " + percent(tiers.get(0).rate());
    }
    List<String> s = new ArrayList<>();
    for (Tier t : tiers) {
      s.add(
          percent(t.rate())
              + (t.upToUsd() == null ? " above" : " to " + t.upToUsd().toPlainString()));
    }
    return String.join(", ", s) + " (lifetime billings with the client)";
  }
}
