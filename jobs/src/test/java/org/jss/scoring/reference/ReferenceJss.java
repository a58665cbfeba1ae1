package org.jss.scoring.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jss.config.JssPolicy;

/**
 * The Job Success Score of SPEC section 5, computed in plain Java, one contract at a time, straight from
 * the SPEC text: the oracle that property tests hold the Spark implementation to. It is written for
 * clarity, not speed (small marketplaces only).
 *
 * <p>Where the SPEC leaves a point open, this implementation decides as follows (the Spark
 * implementation must decide the same way, or the property test says where they differ):
 *
 * <ol>
 *   <li><b>Visibility.</b> A run as of D sees a timestamp t when {@code t < (D+1) 00:00Z} ({@link
 *       #cutoff}). A contract exists when its {@code started_at} is visible; payments, feedback and
 *       disputes of a contract that does not exist (or of an unknown contract id) are ignored. A contract
 *       is ended when its {@code ended_at} is visible; otherwise it is active and its {@code ended_by}
 *       and {@code end_reason} are hidden (read as null). Rows of an event log that are identical in
 *       every column count once (the log is keyed by the whole row).
 *   <li><b>Dates and days.</b> Every date is the UTC calendar date of a timestamp; "days between a and
 *       b" is {@code ChronoUnit.DAYS.between(a, b)} on those dates. The end date of a contract is the
 *       date of its {@code ended_at}; its start date that of {@code started_at}.
 *   <li><b>Windows.</b> Window m starts at {@code D.minusMonths(m)} (java.time clamps to the month's
 *       last day). Candidate (a): ended, with end date >= window start. Candidate (b), <i>active
 *       long-term</i>: active, {@code days(start date, D) >= long_term.min_days} (90), and a visible
 *       payment with amount > 0 whose date is after {@code D - long_term.recent_payment_days}, i.e.
 *       {@code paid date > D - 90} (so, with 90, paid on D-89 .. D). An active long-term contract is a
 *       candidate of every window.
 *   <li><b>Rule 10</b> "ended after running at least 90 days": ended and {@code days(start date, end
 *       date) >= long_term.min_days}. "No client public rating < 4.5 and no private score < 9" is read
 *       on the counted feedback row (point 5); a missing value does not block the rule.
 *   <li><b>Client feedback.</b> Among the contract's visible CLIENT rows, the one with the latest
 *       {@code submitted_at} counts, even when both its values are missing; on equal timestamps the
 *       less favourable one (lower public rating, then lower private score, missing below any present
 *       value). "No client public rating" etc. then refer to that row (no row: both missing).
 *   <li><b>Disputes.</b> A visible dispute (opened before the cut-off) is open unless its {@code
 *       closed_at} is visible; a dispute whose visible outcome is OPEN (or missing) also counts as open.
 *       Otherwise, among the closed ones, those with the latest {@code closed_at} are considered and the
 *       contract has lost its dispute (rule 4) when one of them is FOR_CLIENT (FOR_CLIENT first on a
 *       tie).
 *   <li><b>Bad-actor client (rule 1).</b> Over every existing contract of the client (any freelancer),
 *       every visible FREELANCER row with a public rating counts once: {@code low} = ratings <= 2.0,
 *       {@code all} = ratings present; bad when {@code low >= 3 && low >= 0.5 * all}.
 *   <li><b>Rules 3, 7, 8, 9, 11</b> read {@code end_reason} and "ended" at D: for an active contract the
 *       end reason is hidden, so rules 3 and 7 cannot match and rules 8, 9 and 11 (which say "ended")
 *       do not apply. "Zero earnings" means earnings <= 0 (exact decimal sum).
 *   <li><b>Weight.</b> Tier by exact earnings: {@code <= weight.small_max_usd} (250) gives 1.0, {@code
 *       <= weight.medium_max_usd} (1,000) 1.25, above 1.5 (negative earnings take the first tier). Then
 *       +1.0 for each k >= 0 with {@code start date + 90(k+1) <= end date} (D for an active contract)
 *       and a visible payment > 0 dated in {@code [start date + 90k, start date + 90(k+1))}; capped at
 *       {@code weight.max}. The weight is reported for excluded contracts too (they add nothing).
 *   <li><b>Window score.</b> In double: {@code raw = 100.0 * (P - N) / W} (NET_SUCCESS) or {@code 100.0 *
 *       P / W} (POSITIVE_SHARE), clamped to [0, 100]. A window with W = 0 (only possible with zero
 *       policy weights) has no score and does not qualify.
 *   <li><b>Choice.</b> Windows are compared longest first and a shorter one replaces the best only with
 *       a strictly higher score (exact double comparison: equal rationals give equal doubles here).
 *   <li><b>No qualifying window.</b> {@link #NOT_ENOUGH_CLIENTS} when some window counts enough
 *       contracts (with W > 0) but from too few clients, else {@link #NOT_ENOUGH_CONTRACTS}. The
 *       summary counts and weights are then those of the longest window.
 *   <li><b>Losses</b> as in the SPEC, computed as {@code 100.0 * w / W} and {@code 200.0 * w / W}; when
 *       raw < 0 each is multiplied by {@code 100 / sum}.
 *   <li><b>What-if to 90.</b> The smallest k >= 0 with {@code 100 (P + k - N) >= t (W + k)} (NET_SUCCESS)
 *       or {@code 100 (P + k) >= t (W + k)} (POSITIVE_SHARE), t = {@code top_rated.min_jss}; evaluated
 *       by cross-multiplication, so no division rounds at the boundary.
 *   <li><b>Private-dependent:</b> classify again with the private score removed from every client row
 *       of the contract; dependent when class or reason differs.
 *   <li><b>Closing an active contract now</b> ({@link #closeNow}): {@code ended_at} = the later of D
 *       00:00Z and its {@code started_at} (so its end date is D), {@code ended_by} FREELANCER (not read
 *       by the JSS), the given end reason; no feedback is added and none removed.
 * </ol>
 */
public final class ReferenceJss {

  public static final String POSITIVE = "POSITIVE";
  public static final String NEUTRAL = "NEUTRAL";
  public static final String NEGATIVE = "NEGATIVE";
  public static final String EXCLUDED = "EXCLUDED";

  public static final String BAD_ACTOR_CLIENT = "BAD_ACTOR_CLIENT";
  public static final String DISPUTE_OPEN = "DISPUTE_OPEN";
  public static final String CLIENT_SIDE_END = "CLIENT_SIDE_END";
  public static final String DISPUTE_LOST = "DISPUTE_LOST";
  public static final String LOW_PUBLIC_RATING = "LOW_PUBLIC_RATING";
  public static final String LOW_PRIVATE_SCORE = "LOW_PRIVATE_SCORE";
  public static final String FREELANCER_SIDE_END = "FREELANCER_SIDE_END";
  public static final String ZERO_EARNINGS_GOOD_FEEDBACK = "ZERO_EARNINGS_GOOD_FEEDBACK";
  public static final String NO_EARNINGS = "NO_EARNINGS";
  public static final String LONG_TERM = "LONG_TERM";
  public static final String NO_FEEDBACK = "NO_FEEDBACK";
  public static final String GOOD_FEEDBACK = "GOOD_FEEDBACK";
  public static final String MIXED_PUBLIC_RATING = "MIXED_PUBLIC_RATING";
  public static final String MIXED_PRIVATE_SCORE = "MIXED_PRIVATE_SCORE";

  public static final String NOT_ENOUGH_CONTRACTS = "NOT_ENOUGH_CONTRACTS";
  public static final String NOT_ENOUGH_CLIENTS = "NOT_ENOUGH_CLIENTS";

  /** Tolerance of the display rounding: a value this close below a half rounds up. */
  public static final double DISPLAY_EPSILON = 1e-9;

  private static final Set<String> CLIENT_SIDE_REASONS =
      Set.of("CLIENT_UNRESPONSIVE", "SCOPE_OR_BUDGET_CHANGED");
  private static final Set<String> FREELANCER_SIDE_REASONS =
      Set.of("FREELANCER_UNRESPONSIVE", "QUALITY_ISSUES", "MISSED_DEADLINES");

  private ReferenceJss() {}

  /** The first instant a run as of {@code asOf} does not see: (D+1) 00:00 UTC. */
  public static Instant cutoff(LocalDate asOf) {
    return asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The UTC calendar date of {@code t}. */
  public static LocalDate utcDate(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  /** The displayed score: half up, a value within 1e-9 below a half rounding up. */
  public static long display(double jss) {
    return (long) Math.floor(jss + 0.5 + DISPLAY_EPSILON);
  }

  /**
   * The JSS of every freelancer with at least one contract existing at {@code asOf}, keyed (and
   * sorted) by freelancer id.
   */
  public static Map<String, FreelancerJss> score(Marketplace m, LocalDate asOf, JssPolicy policy) {
    Snapshot s = new Snapshot(m, asOf);
    Map<String, List<ContractIn>> byFreelancer = new TreeMap<>();
    for (ContractIn c : s.contracts.values()) {
      byFreelancer.computeIfAbsent(c.freelancerId(), k -> new ArrayList<>()).add(c);
    }
    Map<String, FreelancerJss> out = new TreeMap<>();
    for (Map.Entry<String, List<ContractIn>> e : byFreelancer.entrySet()) {
      out.put(e.getKey(), scoreFreelancer(s, policy, e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The marketplace with contract {@code contractId}, active at {@code asOf}, closed on D with no
   * feedback: {@code ended_at} = max(D 00:00Z, started_at), {@code ended_by} FREELANCER, {@code
   * end_reason} as given (SPEC section 6 uses CLIENT_UNRESPONSIVE or OTHER).
   *
   * @throws IllegalArgumentException when the contract does not exist or is not active at D
   */
  public static Marketplace closeNow(
      Marketplace m, LocalDate asOf, String contractId, String endReason) {
    Instant cut = cutoff(asOf);
    ContractIn c =
        m.contracts().stream()
            .filter(x -> x.contractId().equals(contractId))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no contract " + contractId));
    if (!c.startedAt().isBefore(cut)) {
      throw new IllegalArgumentException(contractId + " does not exist as of " + asOf);
    }
    if (c.endedAt() != null && c.endedAt().isBefore(cut)) {
      throw new IllegalArgumentException(contractId + " has already ended as of " + asOf);
    }
    Instant dayStart = asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant endedAt = c.startedAt().isAfter(dayStart) ? c.startedAt() : dayStart;
    return m.withContractEnded(contractId, endedAt, "FREELANCER", endReason);
  }

  /**
   * The oracle for "projected JSS if this active contract were closed now with no feedback": the
   * score of its freelancer on {@link #closeNow}'s marketplace.
   */
  public static FreelancerJss scoreWithClosed(
      Marketplace m, LocalDate asOf, JssPolicy policy, String contractId, String endReason) {
    Marketplace closed = closeNow(m, asOf, contractId, endReason);
    String freelancer =
        closed.contracts().stream()
            .filter(x -> x.contractId().equals(contractId))
            .findFirst()
            .orElseThrow()
            .freelancerId();
    return score(closed, asOf, policy).get(freelancer);
  }

  // ---------------------------------------------------------------------------------------------
  // What a run as of D sees.

  /** The visible part of a marketplace, indexed. */
  private static final class Snapshot {
    final LocalDate asOf;
    final Instant cut;
    /** Existing contracts by id, with end fields hidden while active. */
    final Map<String, ContractIn> contracts = new TreeMap<>();

    final Map<String, List<PaymentIn>> payments = new HashMap<>();
    final Map<String, List<FeedbackIn>> clientFeedback = new HashMap<>();
    final Map<String, List<DisputeIn>> disputes = new HashMap<>();
    /** Client id -> visible freelancer-given public ratings on any of its contracts. */
    final Map<String, List<Double>> ratingsOfClient = new HashMap<>();

    Snapshot(Marketplace m, LocalDate asOf) {
      this.asOf = asOf;
      this.cut = cutoff(asOf);
      for (ContractIn c : m.contracts()) {
        if (!c.startedAt().isBefore(cut)) {
          continue;
        }
        boolean ended = c.endedAt() != null && c.endedAt().isBefore(cut);
        ContractIn seen = ended ? c : c.endedAs(null, null, null);
        if (contracts.put(c.contractId(), seen) != null) {
          throw new IllegalArgumentException("duplicate contract id " + c.contractId());
        }
      }
      for (PaymentIn p : m.payments()) {
        if (p.paidAt().isBefore(cut) && contracts.containsKey(p.contractId())) {
          payments.computeIfAbsent(p.contractId(), k -> new ArrayList<>()).add(p);
        }
      }
      for (FeedbackIn f : new LinkedHashSet<>(m.feedback())) {
        ContractIn c = contracts.get(f.contractId());
        if (c == null || !f.submittedAt().isBefore(cut)) {
          continue;
        }
        if ("CLIENT".equals(f.givenBy())) {
          clientFeedback.computeIfAbsent(f.contractId(), k -> new ArrayList<>()).add(f);
        } else if ("FREELANCER".equals(f.givenBy()) && f.publicRating() != null) {
          ratingsOfClient.computeIfAbsent(c.clientId(), k -> new ArrayList<>()).add(f.publicRating());
        }
      }
      for (DisputeIn d : new LinkedHashSet<>(m.disputes())) {
        if (d.openedAt().isBefore(cut) && contracts.containsKey(d.contractId())) {
          disputes.computeIfAbsent(d.contractId(), k -> new ArrayList<>()).add(d);
        }
      }
    }

    boolean ended(ContractIn c) {
      return c.endedAt() != null;
    }

    List<PaymentIn> paymentsOf(String contractId) {
      return payments.getOrDefault(contractId, List.of());
    }

    BigDecimal earnings(String contractId) {
      BigDecimal sum = BigDecimal.ZERO;
      for (PaymentIn p : paymentsOf(contractId)) {
        sum = sum.add(p.amountUsd());
      }
      return sum;
    }

    boolean disputeOpen(String contractId) {
      for (DisputeIn d : disputes.getOrDefault(contractId, List.of())) {
        boolean closed =
            d.closedAt() != null
                && d.closedAt().isBefore(cut)
                && d.outcome() != null
                && !"OPEN".equals(d.outcome());
        if (!closed) {
          return true;
        }
      }
      return false;
    }

    /** The last closed dispute(s) include one FOR_CLIENT (call only when none is open). */
    boolean disputeLost(String contractId) {
      Instant last = null;
      boolean lost = false;
      for (DisputeIn d : disputes.getOrDefault(contractId, List.of())) {
        int cmp = last == null ? 1 : d.closedAt().compareTo(last);
        if (cmp > 0) {
          last = d.closedAt();
          lost = "FOR_CLIENT".equals(d.outcome());
        } else if (cmp == 0) {
          lost |= "FOR_CLIENT".equals(d.outcome());
        }
      }
      return lost;
    }

    boolean badActor(String clientId, JssPolicy p) {
      List<Double> ratings = ratingsOfClient.getOrDefault(clientId, List.of());
      long low = ratings.stream().filter(r -> r <= p.badActorLowRatingMax()).count();
      return low >= p.badActorMinLowRatings() && low >= p.badActorMinShare() * ratings.size();
    }

    /** The counted client feedback row, optionally with every private score removed; or null. */
    FeedbackIn countedClientFeedback(String contractId, boolean withoutPrivate) {
      List<FeedbackIn> rows = clientFeedback.getOrDefault(contractId, List.of());
      FeedbackIn best = null;
      for (FeedbackIn f0 : rows) {
        FeedbackIn f =
            withoutPrivate
                ? new FeedbackIn(f0.contractId(), f0.givenBy(), f0.submittedAt(), f0.publicRating(), null)
                : f0;
        if (best == null || LATEST_THEN_LEAST_FAVOURABLE.compare(f, best) < 0) {
          best = f;
        }
      }
      return best;
    }
  }

  /** Orders the row that counts first: latest, then lower public, then lower private (null lowest). */
  private static final Comparator<FeedbackIn> LATEST_THEN_LEAST_FAVOURABLE =
      Comparator.comparing(FeedbackIn::submittedAt, Comparator.reverseOrder())
          .thenComparing(FeedbackIn::publicRating, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(FeedbackIn::privateScore, Comparator.nullsFirst(Comparator.naturalOrder()));

  // ---------------------------------------------------------------------------------------------
  // One contract.

  /** Everything the ordered rules read about one candidate. */
  private record Facts(
      boolean badActorClient,
      boolean disputeOpen,
      boolean disputeLost,
      boolean ended,
      String endReason,
      boolean noEarnings,
      boolean activeLongTerm,
      long runDays,
      Double publicRating,
      Double privateScore) {

    Facts withFeedback(FeedbackIn f) {
      return new Facts(
          badActorClient, disputeOpen, disputeLost, ended, endReason, noEarnings, activeLongTerm,
          runDays, f == null ? null : f.publicRating(), f == null ? null : f.privateScore());
    }
  }

  private record Outcome(String klass, String reason) {}

  /** Rules 1-14 of SPEC section 5, in order: the first that matches decides. */
  private static Outcome classify(Facts f, JssPolicy p) {
    Double pub = f.publicRating();
    Double priv = f.privateScore();
    boolean goodFeedback =
        (pub != null || priv != null)
            && (pub == null || pub >= p.goodPublicRating())
            && (priv == null || priv >= p.goodPrivateScoreMin());
    if (f.badActorClient()) {
      return new Outcome(EXCLUDED, BAD_ACTOR_CLIENT);
    }
    if (f.disputeOpen()) {
      return new Outcome(EXCLUDED, DISPUTE_OPEN);
    }
    if (f.noEarnings() && f.endReason() != null && CLIENT_SIDE_REASONS.contains(f.endReason())) {
      return new Outcome(EXCLUDED, CLIENT_SIDE_END);
    }
    if (f.disputeLost()) {
      return new Outcome(NEGATIVE, DISPUTE_LOST);
    }
    if (pub != null && pub < p.lowPublicRating()) {
      return new Outcome(NEGATIVE, LOW_PUBLIC_RATING);
    }
    if (priv != null && priv <= p.lowPrivateScoreMax()) {
      return new Outcome(NEGATIVE, LOW_PRIVATE_SCORE);
    }
    if (f.endReason() != null && FREELANCER_SIDE_REASONS.contains(f.endReason())) {
      return new Outcome(NEGATIVE, FREELANCER_SIDE_END);
    }
    if (f.ended() && f.noEarnings() && goodFeedback) {
      return new Outcome(EXCLUDED, ZERO_EARNINGS_GOOD_FEEDBACK);
    }
    if (f.ended() && f.noEarnings()) {
      return new Outcome(NEGATIVE, NO_EARNINGS);
    }
    boolean longRelationship =
        f.activeLongTerm() || (f.ended() && f.runDays() >= p.longTermDays());
    if (longRelationship
        && !(pub != null && pub < p.goodPublicRating())
        && !(priv != null && priv < p.goodPrivateScoreMin())) {
      return new Outcome(POSITIVE, LONG_TERM);
    }
    if (f.ended() && pub == null && priv == null) {
      return new Outcome(EXCLUDED, NO_FEEDBACK);
    }
    if (goodFeedback) {
      return new Outcome(POSITIVE, GOOD_FEEDBACK);
    }
    if (pub != null && pub >= p.lowPublicRating() && pub < p.goodPublicRating()) {
      return new Outcome(NEUTRAL, MIXED_PUBLIC_RATING);
    }
    return new Outcome(NEUTRAL, MIXED_PRIVATE_SCORE);
  }

  private static boolean activeLongTerm(Snapshot s, ContractIn c, JssPolicy p) {
    if (s.ended(c)) {
      return false;
    }
    LocalDate start = utcDate(c.startedAt());
    if (ChronoUnit.DAYS.between(start, s.asOf) < p.longTermDays()) {
      return false;
    }
    LocalDate after = s.asOf.minusDays(p.recentPaymentDays());
    for (PaymentIn pay : s.paymentsOf(c.contractId())) {
      if (pay.amountUsd().signum() > 0 && utcDate(pay.paidAt()).isAfter(after)) {
        return true;
      }
    }
    return false;
  }

  private static double weight(Snapshot s, ContractIn c, BigDecimal earnings, JssPolicy p) {
    double w;
    if (earnings.compareTo(BigDecimal.valueOf(p.weightSmallMaxUsd())) <= 0) {
      w = p.weightSmall();
    } else if (earnings.compareTo(BigDecimal.valueOf(p.weightMediumMaxUsd())) <= 0) {
      w = p.weightMedium();
    } else {
      w = p.weightLarge();
    }
    LocalDate start = utcDate(c.startedAt());
    LocalDate endRef = s.ended(c) ? utcDate(c.endedAt()) : s.asOf;
    int len = p.weightPeriodDays();
    for (long k = 0; !start.plusDays(len * (k + 1)).isAfter(endRef); k++) {
      LocalDate from = start.plusDays(len * k);
      LocalDate to = start.plusDays(len * (k + 1));
      boolean paid = false;
      for (PaymentIn pay : s.paymentsOf(c.contractId())) {
        LocalDate d = utcDate(pay.paidAt());
        if (pay.amountUsd().signum() > 0 && !d.isBefore(from) && d.isBefore(to)) {
          paid = true;
          break;
        }
      }
      if (paid) {
        w += 1.0;
      }
    }
    return Math.min(w, p.weightMax());
  }

  /** A candidate before the window choice. */
  private record Judged(
      ContractIn contract,
      Outcome outcome,
      boolean privateDependent,
      double weight,
      boolean activeLongTerm,
      BigDecimal earnings,
      FeedbackIn feedback) {

    LocalDate endDate() {
      return contract.endedAt() == null ? null : utcDate(contract.endedAt());
    }

    boolean inWindow(LocalDate windowStart) {
      return activeLongTerm || (endDate() != null && !endDate().isBefore(windowStart));
    }

    boolean counted() {
      return !EXCLUDED.equals(outcome.klass());
    }
  }

  private static Judged judge(Snapshot s, ContractIn c, boolean activeLongTerm, JssPolicy p) {
    String id = c.contractId();
    boolean ended = s.ended(c);
    BigDecimal earnings = s.earnings(id);
    boolean open = s.disputeOpen(id);
    Facts base =
        new Facts(
            s.badActor(c.clientId(), p),
            open,
            !open && s.disputeLost(id),
            ended,
            ended ? c.endReason() : null,
            earnings.signum() <= 0,
            activeLongTerm,
            ended ? ChronoUnit.DAYS.between(utcDate(c.startedAt()), utcDate(c.endedAt())) : -1,
            null,
            null);
    FeedbackIn fb = s.countedClientFeedback(id, false);
    Outcome outcome = classify(base.withFeedback(fb), p);
    Outcome withoutPrivate = classify(base.withFeedback(s.countedClientFeedback(id, true)), p);
    return new Judged(
        c,
        outcome,
        !outcome.equals(withoutPrivate),
        weight(s, c, earnings, p),
        activeLongTerm,
        earnings,
        fb);
  }

  // ---------------------------------------------------------------------------------------------
  // One freelancer.

  private static FreelancerJss scoreFreelancer(
      Snapshot s, JssPolicy p, String freelancerId, List<ContractIn> contracts) {
    List<Integer> shortestFirst = new ArrayList<>(p.windowMonths());
    shortestFirst.sort(Comparator.naturalOrder());
    LocalDate longestStart = s.asOf.minusMonths(shortestFirst.get(shortestFirst.size() - 1));

    List<Judged> candidates = new ArrayList<>();
    for (ContractIn c : contracts) {
      boolean alt = activeLongTerm(s, c, p);
      boolean endedInLongest = s.ended(c) && !utcDate(c.endedAt()).isBefore(longestStart);
      if (alt || endedInLongest) {
        candidates.add(judge(s, c, alt, p));
      }
    }
    candidates.sort(Comparator.comparing(j -> j.contract().contractId()));

    List<WindowScore> windows = new ArrayList<>();
    for (int months : shortestFirst) {
      windows.add(window(s.asOf, months, candidates, p));
    }

    WindowScore chosen = null;
    for (int i = windows.size() - 1; i >= 0; i--) {
      WindowScore w = windows.get(i);
      if (w.qualifies() && (chosen == null || w.score() > chosen.score())) {
        chosen = w;
      }
    }

    Map<String, Double> loss = chosen == null ? Map.of() : losses(chosen, candidates, p);

    List<ContractOutcome> outcomes = new ArrayList<>();
    for (Judged j : candidates) {
      int smallest = -1;
      for (WindowScore w : windows) {
        if (j.inWindow(w.start())) {
          smallest = w.months();
          break;
        }
      }
      String id = j.contract().contractId();
      outcomes.add(
          new ContractOutcome(
              id,
              j.contract().clientId(),
              j.outcome().klass(),
              j.outcome().reason(),
              j.weight(),
              loss.getOrDefault(id, 0.0),
              chosen != null && j.inWindow(chosen.start()),
              smallest,
              j.privateDependent(),
              j.contract().endedAt() == null,
              utcDate(j.contract().startedAt()),
              j.endDate(),
              j.earnings(),
              j.feedback() == null ? null : j.feedback().publicRating(),
              j.feedback() == null ? null : j.feedback().privateScore()));
    }

    if (chosen == null) {
      WindowScore longest = windows.get(windows.size() - 1);
      boolean enoughContracts =
          windows.stream()
              .anyMatch(w -> w.counted() >= p.qualifyMinContracts() && w.totalWeight() > 0);
      return new FreelancerJss(
          freelancerId,
          null,
          null,
          null,
          false,
          enoughContracts ? NOT_ENOUGH_CLIENTS : NOT_ENOUGH_CONTRACTS,
          longest.counted(),
          longest.positiveWeight(),
          longest.negativeWeight(),
          longest.totalWeight(),
          outcomes,
          List.of(),
          null,
          windows);
    }

    double jss = chosen.score();
    return new FreelancerJss(
        freelancerId,
        jss,
        display(jss),
        chosen.months(),
        true,
        null,
        chosen.counted(),
        chosen.positiveWeight(),
        chosen.negativeWeight(),
        chosen.totalWeight(),
        outcomes,
        factors(chosen, candidates, loss),
        whatIf(chosen, p),
        windows);
  }

  private static WindowScore window(LocalDate asOf, int months, List<Judged> candidates, JssPolicy p) {
    LocalDate start = asOf.minusMonths(months);
    List<String> ids = new ArrayList<>();
    Set<String> clients = new TreeSet<>();
    int counted = 0;
    double pos = 0;
    double neu = 0;
    double neg = 0;
    for (Judged j : candidates) {
      if (!j.inWindow(start)) {
        continue;
      }
      ids.add(j.contract().contractId());
      if (!j.counted()) {
        continue;
      }
      counted++;
      clients.add(j.contract().clientId());
      switch (j.outcome().klass()) {
        case POSITIVE -> pos += j.weight();
        case NEUTRAL -> neu += j.weight();
        case NEGATIVE -> neg += j.weight();
        default -> throw new IllegalStateException(j.outcome().klass());
      }
    }
    double total = pos + neu + neg;
    Double raw = null;
    Double score = null;
    if (total > 0) {
      raw = p.netSuccess() ? 100.0 * (pos - neg) / total : 100.0 * pos / total;
      score = Math.max(0.0, Math.min(100.0, raw));
    }
    boolean qualifies =
        total > 0 && counted >= p.qualifyMinContracts() && clients.size() >= p.qualifyMinClients();
    return new WindowScore(
        months, start, ids, counted, clients.size(), pos, neu, neg, total, raw, score, qualifies);
  }

  private static Map<String, Double> losses(WindowScore w, List<Judged> candidates, JssPolicy p) {
    Map<String, Double> loss = new HashMap<>();
    double sum = 0;
    for (Judged j : candidates) {
      if (!j.counted() || !j.inWindow(w.start())) {
        continue;
      }
      String klass = j.outcome().klass();
      double l;
      if (POSITIVE.equals(klass)) {
        l = 0.0;
      } else if (!p.netSuccess() || NEUTRAL.equals(klass)) {
        l = 100.0 * j.weight() / w.totalWeight();
      } else {
        l = 200.0 * j.weight() / w.totalWeight();
      }
      loss.put(j.contract().contractId(), l);
      sum += l;
    }
    if (w.raw() < 0) {
      double scale = 100.0 / sum;
      loss.replaceAll((k, v) -> v * scale);
    }
    return loss;
  }

  private static List<Factor> factors(
      WindowScore w, List<Judged> candidates, Map<String, Double> loss) {
    Map<String, List<Judged>> byReason = new TreeMap<>();
    for (Judged j : candidates) {
      if (j.inWindow(w.start())) {
        byReason.computeIfAbsent(j.outcome().reason(), k -> new ArrayList<>()).add(j);
      }
    }
    List<Factor> out = new ArrayList<>();
    for (Map.Entry<String, List<Judged>> e : byReason.entrySet()) {
      double points = 0;
      List<String> ids = new ArrayList<>();
      for (Judged j : e.getValue()) {
        points += loss.getOrDefault(j.contract().contractId(), 0.0);
        ids.add(j.contract().contractId());
      }
      out.add(new Factor(e.getKey(), e.getValue().get(0).outcome().klass(), points, ids));
    }
    out.sort(
        Comparator.comparingDouble(Factor::points).reversed().thenComparing(Factor::reason));
    return out;
  }

  /** Smallest k of further positive weight-1.0 contracts lifting the window to the Top Rated bar. */
  static Integer whatIf(WindowScore w, JssPolicy p) {
    double t = p.topRatedJss();
    double pos = w.positiveWeight();
    double neg = p.netSuccess() ? w.negativeWeight() : 0.0;
    double total = w.totalWeight();
    if (t <= 0.0 || 100.0 * (pos - neg) >= t * total) {
      return 0;
    }
    if (t >= 100.0) {
      // 100 (P + k - N) >= 100 (W + k) holds for some k only if it already holds.
      return null;
    }
    // 100 (P + k - N) >= t (W + k)  <=>  k (100 - t) >= t W - 100 (P - N)
    double guess = Math.ceil((t * total - 100.0 * (pos - neg)) / (100.0 - t));
    long k = Math.max(0, (long) guess - 2);
    while (100.0 * (pos + k - neg) < t * (total + k)) {
      k++;
    }
    while (k > 0 && 100.0 * (pos + (k - 1) - neg) >= t * (total + (k - 1))) {
      k--;
    }
    return Math.toIntExact(k);
  }
}
