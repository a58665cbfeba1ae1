package org.jss.fees;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java replay of a payment history under a schedule: the reference that {@link FeeReplay}
 * must equal to the cent (property-tested), and small enough to read in one go. Payments are taken in
 * order within each freelancer-client pair (paid_at, then payment_id), each owing its fee on the lifetime
 * billings of the pair before it.
 */
public final class FeeLedger {
  private FeeLedger() {}

  /** One payment with the pair it belongs to. */
  public record Payment(
      String paymentId,
      String contractId,
      String freelancerId,
      String clientId,
      Instant paidAt,
      BigDecimal amountUsd) {}

  /** A payment's replayed billings before it and its fee. */
  public record Charged(Payment payment, BigDecimal billedBeforeUsd, BigDecimal feeUsd) {}

  /**
   * Replays {@code payments} (any order) under {@code schedule}; {@code terms} gives each contract's
   * attributes for a variable schedule. Returns the charges keyed by payment id, in replay order.
   */
  public static Map<String, Charged> replay(
      FeeSchedule schedule, List<Payment> payments, Map<String, ContractTerms> terms) {
    List<Payment> ordered = new ArrayList<>(payments);
    ordered.sort(
        Comparator.comparing(Payment::freelancerId)
            .thenComparing(Payment::clientId)
            .thenComparing(Payment::paidAt)
            .thenComparing(Payment::paymentId));
    Map<String, BigDecimal> billed = new HashMap<>();
    Map<String, Charged> out = new LinkedHashMap<>();
    for (Payment p : ordered) {
      String pair = p.freelancerId() + "\u0000" + p.clientId();
      BigDecimal before = billed.getOrDefault(pair, BigDecimal.ZERO);
      BigDecimal fee = schedule.fee(p.amountUsd(), before, terms.get(p.contractId()));
      out.put(p.paymentId(), new Charged(p, before, fee));
      billed.put(pair, before.add(p.amountUsd()));
    }
    return out;
  }
}
