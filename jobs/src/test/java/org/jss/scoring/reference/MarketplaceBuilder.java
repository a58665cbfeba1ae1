package org.jss.scoring.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Terse construction of small marketplaces for tests. Times are written as {@code "2026-05-01"}
 * (midnight UTC) or a full ISO instant {@code "2026-05-01T23:59:59Z"}; null stays null.
 */
public final class MarketplaceBuilder {
  private final List<AccountIn> accounts = new ArrayList<>();
  private final List<ContractIn> contracts = new ArrayList<>();
  private final List<PaymentIn> payments = new ArrayList<>();
  private final List<FeedbackIn> feedback = new ArrayList<>();
  private final List<DisputeIn> disputes = new ArrayList<>();
  private final List<ActivityIn> activity = new ArrayList<>();
  private final List<DecisionIn> decisions = new ArrayList<>();
  private int nextPayment = 1;
  private int nextDispute = 1;

  /** {@code "2026-05-01"} is midnight UTC; anything with a 'T' is parsed as an instant. */
  public static Instant at(String t) {
    if (t == null) {
      return null;
    }
    return t.contains("T")
        ? Instant.parse(t)
        : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public MarketplaceBuilder account(AccountIn a) {
    accounts.add(a);
    return this;
  }

  public MarketplaceBuilder contract(ContractIn c) {
    contracts.add(c);
    return this;
  }

  /** An HOURLY "dev" contract; {@code ended} null means active (then the reason is ignored). */
  public MarketplaceBuilder contract(
      String id, String freelancer, String client, String started, String ended, String endReason) {
    return contract(
        new ContractIn(
            id,
            freelancer,
            client,
            "HOURLY",
            "dev",
            at(started),
            at(ended),
            ended == null ? null : "CLIENT",
            ended == null ? null : endReason));
  }

  public MarketplaceBuilder pay(String contract, String paidAt, String amountUsd) {
    payments.add(
        new PaymentIn("p" + nextPayment++, contract, at(paidAt), new BigDecimal(amountUsd)));
    return this;
  }

  /** A CLIENT feedback row on the freelancer. */
  public MarketplaceBuilder clientFeedback(
      String contract, String submitted, Double publicRating, Double privateScore) {
    feedback.add(new FeedbackIn(contract, "CLIENT", at(submitted), publicRating, privateScore));
    return this;
  }

  /** A FREELANCER feedback row on the client. */
  public MarketplaceBuilder freelancerFeedback(String contract, String submitted, Double publicRating) {
    feedback.add(new FeedbackIn(contract, "FREELANCER", at(submitted), publicRating, null));
    return this;
  }

  public MarketplaceBuilder feedback(FeedbackIn f) {
    feedback.add(f);
    return this;
  }

  /** A dispute opened by the client; {@code closed} null means open (then the outcome is OPEN). */
  public MarketplaceBuilder dispute(String contract, String opened, String closed, String outcome) {
    disputes.add(
        new DisputeIn(
            "d" + nextDispute++,
            contract,
            "CLIENT",
            at(opened),
            at(closed),
            closed == null ? "OPEN" : outcome,
            null));
    return this;
  }

  public MarketplaceBuilder dispute(DisputeIn d) {
    disputes.add(d);
    return this;
  }

  public MarketplaceBuilder activity(ActivityIn a) {
    activity.add(a);
    return this;
  }

  public MarketplaceBuilder decision(DecisionIn d) {
    decisions.add(d);
    return this;
  }

  public Marketplace build() {
    return new Marketplace(accounts, contracts, payments, feedback, disputes, activity, decisions);
  }
}
