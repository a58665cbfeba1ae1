package org.jss.scoring.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole small marketplace in memory: the raw tables the reference JSS reads, unfiltered (events after
 * the as-of date included; the scorer applies point-in-time visibility itself).
 */
public record Marketplace(
    List<AccountIn> accounts,
    List<ContractIn> contracts,
    List<PaymentIn> payments,
    List<FeedbackIn> feedback,
    List<DisputeIn> disputes,
    List<ActivityIn> activity,
    List<DecisionIn> decisions) {

  public Marketplace {
    accounts = List.copyOf(accounts);
    contracts = List.copyOf(contracts);
    payments = List.copyOf(payments);
    feedback = List.copyOf(feedback);
    disputes = List.copyOf(disputes);
    activity = List.copyOf(activity);
    decisions = List.copyOf(decisions);
  }

  public static Marketplace of(
      List<ContractIn> contracts,
      List<PaymentIn> payments,
      List<FeedbackIn> feedback,
      List<DisputeIn> disputes) {
    return new Marketplace(List.of(), contracts, payments, feedback, disputes, List.of(), List.of());
  }

  /**
   * The same marketplace with contract {@code contractId} ended at {@code endedAt} by {@code endedBy}
   * for {@code endReason}; nothing else changes (no feedback is added).
   *
   * @throws IllegalArgumentException when there is no such contract
   */
  public Marketplace withContractEnded(
      String contractId, Instant endedAt, String endedBy, String endReason) {
    List<ContractIn> out = new ArrayList<>(contracts.size());
    boolean found = false;
    for (ContractIn c : contracts) {
      if (c.contractId().equals(contractId)) {
        out.add(c.endedAs(endedAt, endedBy, endReason));
        found = true;
      } else {
        out.add(c);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no contract " + contractId);
    }
    return new Marketplace(accounts, out, payments, feedback, disputes, activity, decisions);
  }
}
