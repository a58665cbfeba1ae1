package org.jss.reporting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jss.config.JssPolicy;

/**
 * Renders one freelancer's score as plain language and as JSON, for two audiences, from one typed view
 * per audience. The {@link FreelancerView} has no field for a private score, a private-dependent
 * contract, its client or its dates, nor the exact score: those contracts make one aggregate line (count
 * and points), and what a freelancer may see is a type, not a convention. The {@link InternalView} shows
 * everything. Thresholds named in the text ("below 4.0") are the {@link Wording} of the policy in force.
 * Pure Java, used both by the nightly {@code jss_explanations} table and by {@code explain}, so the two
 * always say the same thing.
 */
public final class Explanation {
  private Explanation() {}

  public enum Audience {
    FREELANCER,
    INTERNAL
  }

  /** The freelancer-level facts. */
  public record Score(
      String freelancerId,
      LocalDate asOf,
      Double jss,
      Integer display,
      Integer windowMonths,
      String ineligibleReason,
      Double previousJss,
      LocalDate previousAsOf,
      Long contractsTo90,
      boolean topRatedReady,
      List<String> topRatedUnmet)
      implements Serializable {}

  /** One candidate contract. */
  public record Contract(
      String contractId,
      String clientId,
      String outcomeClass,
      String reason,
      double weight,
      double loss,
      boolean inChosenWindow,
      boolean privateDependent,
      LocalDate endDate,
      Double publicRating,
      Double privateScore,
      double earnings)
      implements Serializable {}

  /** One per-contract change since the previous run. */
  public record Change(String contractId, String cause, double change, boolean privateDependent)
      implements Serializable {}

  /** One inactive contract with its projected effect (SPEC section 6). */
  public record Inactive(
      String contractId, int daysInactive, Double projectedJss, Double projectedChange, String action)
      implements Serializable {}

  /**
   * One open review case with its evidence (SPEC section 7). Internal only: the freelancer audience never
   * sees anomaly data.
   */
  public record ReviewCase(
      String detector,
      String status,
      String severity,
      double score,
      Integer queueRank,
      String firstSeen,
      int nightsFlagged,
      String sentence,
      String metric,
      Double value,
      Double baseline,
      Double pValue,
      Double z,
      List<String> linkedAccounts,
      List<String> contracts)
      implements Serializable {}

  /** The policy values the text names, taken from the policy the scores were made under. */
  public record Wording(
      double lowPublicRating, double goodPublicRating, int minContracts, int minClients)
      implements Serializable {
    public static Wording of(JssPolicy p) {
      return new Wording(
          p.lowPublicRating(), p.goodPublicRating(), p.qualifyMinContracts(), p.qualifyMinClients());
    }

    /** Plain words for each reason, as a freelancer would read it. */
    String reason(String reason) {
      return switch (reason) {
        case "BAD_ACTOR_CLIENT" -> "client repeatedly rated poorly by freelancers: no effect";
        case "DISPUTE_OPEN" -> "dispute still open: no effect until it closes";
        case "CLIENT_SIDE_END" -> "client unresponsive or changed scope, no earnings: no effect";
        case "DISPUTE_LOST" -> "dispute decided for the client";
        case "LOW_PUBLIC_RATING" -> "public rating below " + rating(lowPublicRating);
        case "LOW_PRIVATE_SCORE" -> "low private feedback";
        case "FREELANCER_SIDE_END" -> "ended for unresponsiveness, quality or missed deadlines";
        case "ZERO_EARNINGS_GOOD_FEEDBACK" -> "no earnings but good feedback: no effect";
        case "NO_EARNINGS" -> "ended without earnings";
        case "LONG_TERM" -> "long-term relationship";
        case "NO_FEEDBACK" -> "ended without feedback: no effect";
        case "GOOD_FEEDBACK" -> "good feedback";
        case "MIXED_PUBLIC_RATING" ->
            "public rating between " + rating(lowPublicRating) + " and " + rating(goodPublicRating);
        case "MIXED_PRIVATE_SCORE" -> "mixed private feedback";
        default -> reason;
      };
    }

    String ineligible(String reason) {
      if ("NOT_ENOUGH_CONTRACTS".equals(reason)) {
        return "fewer than " + minContracts + " contracts count in any window";
      }
      if ("NOT_ENOUGH_CLIENTS".equals(reason)) {
        return "the contracts that count come from fewer than " + minClients + " clients";
      }
      return reason;
    }

    /** 4.0, 4.5, 4.25: as a rating is written, one decimal at least. */
    private static String rating(double v) {
      String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
  }

  static final Map<String, String> CAUSE_TEXT =
      Map.of(
          "NEW_OUTCOME", "new outcome",
          "AGED_OUT", "aged out of the window",
          "OUTCOME_CHANGED", "outcome changed",
          "REWEIGHTED", "weight changed",
          "WINDOW_CHANGED", "window or its total weight changed");

  /** Points lost for one reason, with the contracts that lost them (none for private feedback). */
  public record FactorLine(String factor, String text, double points, List<String> contracts) {}

  /**
   * A per-contract change; the freelancer's private-dependent changes fold into one line with no
   * contract id, {@code cause} PRIVATE_FEEDBACK and their count in {@code contracts}.
   */
  public record ChangeLine(
      String contractId, String cause, @JsonInclude(JsonInclude.Include.NON_NULL) Integer contracts,
      double change) {}

  public record InactiveLine(
      String contractId,
      int daysInactive,
      Double projectedJss,
      Double projectedChange,
      String recommendedAction) {}

  /** Every candidate contract, private feedback included (internal audience only). */
  public record ContractLine(
      String contractId,
      String clientId,
      @JsonProperty("class") String outcomeClass,
      String reason,
      double weight,
      double loss,
      boolean inChosenWindow,
      boolean privateDependent,
      String endDate,
      Double publicRating,
      Double privateScore,
      double earningsUsd) {}

  /** What both audiences read, in the order the text tells it. */
  interface Shared {
    String freelancerId();

    String asOfDate();

    Integer jss();

    Integer windowMonths();

    boolean eligible();

    String ineligibleReason();

    List<FactorLine> factors();

    List<String> notCounted();

    Integer previousJss();

    String previousAsOfDate();

    List<ChangeLine> changes();

    List<InactiveLine> inactiveContracts();

    Long contractsTo90();

    boolean topRatedReady();

    List<String> topRatedUnmet();
  }

  /** The freelancer's own view: it has no field that could hold private or internal data. */
  public record FreelancerView(
      String freelancerId,
      String audience,
      String asOfDate,
      Integer jss,
      Integer windowMonths,
      boolean eligible,
      String ineligibleReason,
      List<FactorLine> factors,
      List<String> notCounted,
      String privateFeedback,
      int privateFeedbackContracts,
      double privateFeedbackPoints,
      Integer previousJss,
      String previousAsOfDate,
      List<ChangeLine> changes,
      List<InactiveLine> inactiveContracts,
      @JsonProperty("contracts_to_90") Long contractsTo90,
      boolean topRatedReady,
      List<String> topRatedUnmet)
      implements Shared {}

  /** The reviewer's and support's view: the exact score, every contract, open review cases. */
  public record InternalView(
      String freelancerId,
      String audience,
      String asOfDate,
      Integer jss,
      Double jssExact,
      Integer windowMonths,
      boolean eligible,
      String ineligibleReason,
      List<FactorLine> factors,
      List<String> notCounted,
      Integer previousJss,
      String previousAsOfDate,
      List<ChangeLine> changes,
      List<InactiveLine> inactiveContracts,
      @JsonProperty("contracts_to_90") Long contractsTo90,
      boolean topRatedReady,
      List<String> topRatedUnmet,
      List<ContractLine> contracts,
      List<ReviewCase> reviewCases)
      implements Shared {}

  /** Text and JSON of one explanation. */
  public record Rendered(String text, String json) {}

  /** The freelancer's explanation as text and JSON (what {@code jss_explanations} holds). */
  public static Rendered freelancer(
      Wording w, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive) {
    FreelancerView v = freelancerView(w, s, contracts, changes, inactive);
    return new Rendered(text(v, w, s), json(v));
  }

  /** The internal explanation as text and JSON, with the account's open review cases. */
  public static Rendered internal(
      Wording w, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive,
      List<ReviewCase> cases) {
    InternalView v = internalView(w, s, contracts, changes, inactive, cases);
    return new Rendered(text(v, w, s), json(v));
  }

  /** Both audiences through one door: the freelancer audience never sees the review cases. */
  public static Rendered render(
      Audience a, Wording w, Score s, List<Contract> contracts, List<Change> changes,
      List<Inactive> inactive, List<ReviewCase> cases) {
    return a == Audience.FREELANCER
        ? freelancer(w, s, contracts, changes, inactive)
        : internal(w, s, contracts, changes, inactive, cases);
  }

  static FreelancerView freelancerView(
      Wording w, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive) {
    Lines l = lines(w, true, contracts, changes);
    String privateText =
        l.privCount == 0 || l.privPoints == 0
            ? "Private feedback: no effect in this window"
            : String.format(
                Locale.ROOT,
                "Private feedback: %d contract%s, -%.1f points in total",
                l.privCount,
                l.privCount == 1 ? "" : "s",
                l.privPoints);
    return new FreelancerView(
        s.freelancerId(), "freelancer", s.asOf().toString(), s.display(), s.windowMonths(),
        s.jss() != null, s.ineligibleReason(), l.factors, l.notCounted, privateText, l.privCount,
        l.privPoints, previous(s), previousDate(s), l.changes, inactiveLines(inactive), s.contractsTo90(),
        s.topRatedReady(), s.topRatedUnmet());
  }

  static InternalView internalView(
      Wording w, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive,
      List<ReviewCase> cases) {
    Lines l = lines(w, false, contracts, changes);
    List<ContractLine> all = new ArrayList<>();
    for (Contract c : sorted(contracts)) {
      all.add(
          new ContractLine(
              c.contractId(), c.clientId(), c.outcomeClass(), c.reason(), c.weight(), c.loss(),
              c.inChosenWindow(), c.privateDependent(), c.endDate() == null ? null : c.endDate().toString(),
              c.publicRating(), c.privateScore(), c.earnings()));
    }
    return new InternalView(
        s.freelancerId(), "internal", s.asOf().toString(), s.display(), s.jss(), s.windowMonths(),
        s.jss() != null, s.ineligibleReason(), l.factors, l.notCounted, previous(s), previousDate(s),
        l.changes, inactiveLines(inactive), s.contractsTo90(), s.topRatedReady(), s.topRatedUnmet(), all,
        cases);
  }

  /** The lines both views list; {@code hide} folds private-dependent contracts into counts. */
  private record Lines(
      List<FactorLine> factors,
      List<String> notCounted,
      List<ChangeLine> changes,
      int privCount,
      double privPoints) {}

  private static Lines lines(Wording w, boolean hide, List<Contract> contracts, List<Change> changes) {
    Map<String, Double> points = new TreeMap<>();
    Map<String, List<String>> names = new TreeMap<>();
    int privCount = 0;
    double privPoints = 0;
    List<String> notCounted = new ArrayList<>();
    for (Contract c : sorted(contracts)) {
      if (hide && c.privateDependent()) {
        privCount++;
        privPoints += c.inChosenWindow() ? c.loss() : 0.0;
        continue;
      }
      if (c.inChosenWindow() && c.loss() > 0) {
        points.merge(c.reason(), c.loss(), Double::sum);
        names.computeIfAbsent(c.reason(), k -> new ArrayList<>()).add(describe(c));
      } else if ("EXCLUDED".equals(c.outcomeClass())) {
        notCounted.add(describe(c) + " - " + w.reason(c.reason()));
      }
    }
    List<FactorLine> factors = new ArrayList<>();
    for (Map.Entry<String, Double> e : points.entrySet()) {
      factors.add(
          new FactorLine(e.getKey(), w.reason(e.getKey()), e.getValue(), names.get(e.getKey())));
    }
    factors.sort(Comparator.comparing((FactorLine f) -> -f.points()));
    List<ChangeLine> changeRows = new ArrayList<>();
    double privChange = 0;
    int privChanges = 0;
    for (Change c : changes) {
      if (hide && c.privateDependent()) {
        privChange += c.change();
        privChanges++;
        continue;
      }
      changeRows.add(new ChangeLine(c.contractId(), c.cause(), null, c.change()));
    }
    changeRows.sort(Comparator.comparing((ChangeLine r) -> -Math.abs(r.change())));
    if (privChanges > 0) {
      changeRows.add(new ChangeLine(null, "PRIVATE_FEEDBACK", privChanges, privChange));
    }
    return new Lines(factors, notCounted, changeRows, privCount, privPoints);
  }

  private static Integer previous(Score s) {
    return s.previousJss() == null ? null : displayOf(s.previousJss());
  }

  private static String previousDate(Score s) {
    return s.previousAsOf() == null ? null : s.previousAsOf().toString();
  }

  private static List<InactiveLine> inactiveLines(List<Inactive> inactive) {
    return inactive.stream()
        .map(
            i ->
                new InactiveLine(
                    i.contractId(), i.daysInactive(), i.projectedJss(), i.projectedChange(), i.action()))
        .toList();
  }

  /** The exact score change since the previous run (null without one). */
  private static Double delta(Score s) {
    return s.jss() == null || s.previousJss() == null ? null : s.jss() - s.previousJss();
  }

  static String text(FreelancerView v, Wording w, Score s) {
    StringBuilder b = new StringBuilder();
    head(b, v, w, s, false);
    b.append(v.privateFeedback()).append('\n');
    tail(b, v, delta(s));
    return b.toString();
  }

  static String text(InternalView v, Wording w, Score s) {
    StringBuilder b = new StringBuilder();
    head(b, v, w, s, true);
    b.append("Every candidate contract (internal):\n");
    for (ContractLine c : v.contracts()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %s client %s ended %s: %s %s, weight %.2f, loss %.4f%s%s%n",
              c.contractId(),
              c.clientId(),
              c.endDate() == null ? "(active)" : c.endDate(),
              c.outcomeClass(),
              c.reason(),
              c.weight(),
              c.loss(),
              c.privateScore() == null ? "" : ", private " + c.privateScore(),
              c.privateDependent() ? ", private-dependent" : ""));
    }
    tail(b, v, delta(s));
    cases(b, v.reviewCases());
    return b.toString();
  }

  /** The score (or why there is none), the points lost per factor and what did not count. */
  private static void head(StringBuilder b, Shared v, Wording w, Score s, boolean exact) {
    if (v.eligible()) {
      b.append(
          String.format(
              Locale.ROOT,
              "Job Success Score %d (your best window: %d months, as of %s)%n",
              v.jss(),
              v.windowMonths(),
              v.asOfDate()));
      if (exact) {
        b.append(String.format(Locale.ROOT, "Exact score: %.9f%n", s.jss()));
      }
    } else {
      b.append(
          String.format(
              "No Job Success Score yet as of %s: %s%n", v.asOfDate(), w.ineligible(v.ineligibleReason())));
    }
    if (!v.factors().isEmpty()) {
      b.append("From 100:\n");
      for (FactorLine f : v.factors()) {
        b.append(String.format(Locale.ROOT, "  %6.1f  %s", -f.points(), f.text()));
        if (!f.contracts().isEmpty()) {
          b.append(": ").append(String.join(", ", f.contracts()));
        }
        b.append('\n');
      }
    } else if (s.jss() != null && s.jss() >= 100.0) {
      b.append("From 100: no points lost\n");
    }
    if (!v.notCounted().isEmpty()) {
      b.append("Not counted:\n");
      v.notCounted().forEach(l -> b.append("  ").append(l).append('\n'));
    }
  }

  /** What changed since the previous run, inactive contracts, the way to 90 and Top Rated. */
  private static void tail(StringBuilder b, Shared v, Double delta) {
    if (v.previousAsOfDate() != null && delta != null) {
      b.append(changeText(v, delta)).append('\n');
    }
    if (!v.inactiveContracts().isEmpty()) {
      b.append("Inactive contracts:\n");
      for (InactiveLine i : v.inactiveContracts()) {
        b.append(
            String.format(
                Locale.ROOT,
                "  contract %s: idle %d days; closing it now: %s; recommended: %s%n",
                i.contractId(),
                i.daysInactive(),
                i.projectedChange() == null
                    ? "no score either way"
                    : String.format(Locale.ROOT, "%+.1f points", i.projectedChange()),
                i.recommendedAction()));
      }
    }
    if (v.contractsTo90() != null && v.contractsTo90() > 0) {
      b.append(
          String.format("To reach 90: about %d more contracts with good feedback%n", v.contractsTo90()));
    }
    b.append(
        v.topRatedReady()
            ? "Top Rated: all criteria met\n"
            : "Top Rated: not yet (" + String.join(", ", v.topRatedUnmet()) + ")\n");
  }

  private static void cases(StringBuilder b, List<ReviewCase> cases) {
    if (cases.isEmpty()) {
      b.append("Open review cases (internal): none\n");
      return;
    }
    b.append("Open review cases (internal):\n");
    for (ReviewCase c : cases) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %s %s score %.1f%s, flagged %d night(s) since %s%n    %s%n    evidence: %s = %s%s%s%s%n",
              c.detector(), c.severity(), c.score(),
              c.queueRank() == null ? "" : ", queue rank " + c.queueRank(),
              c.nightsFlagged(), c.firstSeen(), c.sentence(), c.metric(), num(c.value()),
              c.baseline() == null ? "" : ", baseline " + num(c.baseline()),
              c.pValue() == null ? "" : String.format(Locale.ROOT, ", p = %.3g", c.pValue()),
              c.z() == null ? "" : String.format(Locale.ROOT, ", z = %.1f", c.z())));
      if (!c.linkedAccounts().isEmpty()) {
        b.append("    linked accounts: ").append(String.join(", ", c.linkedAccounts())).append('\n');
      }
      if (!c.contracts().isEmpty()) {
        b.append("    contracts: ").append(String.join(", ", c.contracts())).append('\n');
      }
    }
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
  }
  /** Since the previous run: the exact change, then each contract's part in it. */
  private static String changeText(Shared v, double delta) {
    StringBuilder t =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Since %s: %+.1f points (%d to %d)",
                v.previousAsOfDate(),
                delta,
                v.previousJss(),
                v.jss()));
    for (ChangeLine r : v.changes()) {
      t.append(
          String.format(
              Locale.ROOT,
              "%n  %+6.1f  %s",
              r.change(),
              r.contractId() == null
                  ? "private feedback on " + r.contracts() + " contract(s)"
                  : "contract " + r.contractId() + ": " + CAUSE_TEXT.get(r.cause())));
    }
    return t.toString();
  }

  private static String json(Object view) {
    try {
      return JSON.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Shared: a mapper is costly to build and its writer is thread-safe (one render per freelancer). Keys
   * are the views' component names in snake case, in declaration order.
   */
  private static final com.fasterxml.jackson.databind.ObjectWriter JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writer();

  private static List<Contract> sorted(List<Contract> cs) {
    List<Contract> out = new ArrayList<>(cs);
    out.sort(Comparator.comparing(Contract::contractId));
    return out;
  }

  private static String describe(Contract c) {
    return "contract "
        + c.contractId()
        + (c.endDate() == null ? " (active)" : " (ended " + c.endDate() + ")");
  }

  static int displayOf(double exact) {
    return (int) Math.floor(exact + 0.5 + 1e-9);
  }
}
