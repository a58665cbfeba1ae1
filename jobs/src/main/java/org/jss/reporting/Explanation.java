package org.jss.reporting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Renders one freelancer's score as plain language and as JSON, for two audiences. The freelancer
 * audience never names a private-dependent contract, its client or its dates, nor any private score:
 * those contracts make one aggregate line (count and points). The internal audience shows everything.
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
      LocalDate firstSeen,
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

  /** Plain words for each reason, as a freelancer would read it. */
  static final Map<String, String> REASON_TEXT =
      Map.ofEntries(
          Map.entry("BAD_ACTOR_CLIENT", "client repeatedly rated poorly by freelancers: no effect"),
          Map.entry("DISPUTE_OPEN", "dispute still open: no effect until it closes"),
          Map.entry("CLIENT_SIDE_END", "client unresponsive or changed scope, no earnings: no effect"),
          Map.entry("DISPUTE_LOST", "dispute decided for the client"),
          Map.entry("LOW_PUBLIC_RATING", "public rating below 4.0"),
          Map.entry("LOW_PRIVATE_SCORE", "low private feedback"),
          Map.entry("FREELANCER_SIDE_END", "ended for unresponsiveness, quality or missed deadlines"),
          Map.entry("ZERO_EARNINGS_GOOD_FEEDBACK", "no earnings but good feedback: no effect"),
          Map.entry("NO_EARNINGS", "ended without earnings"),
          Map.entry("LONG_TERM", "long-term relationship"),
          Map.entry("NO_FEEDBACK", "ended without feedback: no effect"),
          Map.entry("GOOD_FEEDBACK", "good feedback"),
          Map.entry("MIXED_PUBLIC_RATING", "public rating between 4.0 and 4.5"),
          Map.entry("MIXED_PRIVATE_SCORE", "mixed private feedback"));

  static final Map<String, String> CAUSE_TEXT =
      Map.of(
          "NEW_OUTCOME", "new outcome",
          "AGED_OUT", "aged out of the window",
          "OUTCOME_CHANGED", "outcome changed",
          "REWEIGHTED", "weight changed",
          "WINDOW_CHANGED", "window or its total weight changed");

  /** The explanation as plain text, with the account's open review cases for the internal audience. */
  public static String text(
      Audience a, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive,
      List<ReviewCase> cases) {
    String base = text(a, s, contracts, changes, inactive);
    if (a != Audience.INTERNAL) {
      return base;
    }
    StringBuilder b = new StringBuilder(base);
    if (cases.isEmpty()) {
      return b.append("Open review cases (internal): none\n").toString();
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
    return b.toString();
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
  }

  /** The explanation as plain text. */
  public static String text(
      Audience a, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive) {
    return text(a, s, contracts, model(a, s, contracts, changes, inactive));
  }

  /** Text and JSON of one explanation. */
  public record Rendered(String text, String json) {}

  /** Both renderings from one model (the nightly renders both for every freelancer). */
  public static Rendered render(
      Audience a, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive) {
    Map<String, Object> m = model(a, s, contracts, changes, inactive);
    String text = text(a, s, contracts, m);
    return new Rendered(text, json(a, m, List.of()));
  }

  private static String text(Audience a, Score s, List<Contract> contracts, Map<String, Object> m) {
    StringBuilder b = new StringBuilder();
    if (s.jss() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "Job Success Score %d (your best window: %d months, as of %s)%n",
              s.display(),
              s.windowMonths(),
              s.asOf()));
      if (a == Audience.INTERNAL) {
        b.append(String.format(Locale.ROOT, "Exact score: %.9f%n", s.jss()));
      }
    } else {
      b.append(
          String.format(
              "No Job Success Score yet as of %s: %s%n",
              s.asOf(), ineligibleText(s.ineligibleReason())));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> factors = (List<Map<String, Object>>) m.get("factors");
    if (!factors.isEmpty()) {
      b.append("From 100:\n");
      for (Map<String, Object> f : factors) {
        b.append(String.format(Locale.ROOT, "  %6.1f  %s", -(double) f.get("points"), f.get("text")));
        @SuppressWarnings("unchecked")
        List<String> cs = (List<String>) f.get("contracts");
        if (!cs.isEmpty()) {
          b.append(": ").append(String.join(", ", cs));
        }
        b.append('\n');
      }
    } else if (s.jss() != null && s.jss() >= 100.0) {
      b.append("From 100: no points lost\n");
    }
    @SuppressWarnings("unchecked")
    List<String> left = (List<String>) m.get("not_counted");
    if (!left.isEmpty()) {
      b.append("Not counted:\n");
      left.forEach(l -> b.append("  ").append(l).append('\n'));
    }
    if (a == Audience.FREELANCER) {
      b.append(m.get("private_feedback")).append('\n');
    } else {
      b.append("Every candidate contract (internal):\n");
      for (Contract c : sorted(contracts)) {
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
    }
    Object change = m.get("change_text");
    if (change != null) {
      b.append(change).append('\n');
    }
    @SuppressWarnings("unchecked")
    List<String> inact = (List<String>) m.get("inactive_text");
    if (!inact.isEmpty()) {
      b.append("Inactive contracts:\n");
      inact.forEach(l -> b.append("  ").append(l).append('\n'));
    }
    if (s.contractsTo90() != null && s.contractsTo90() > 0) {
      b.append(
          String.format(
              "To reach 90: about %d more contracts with good feedback%n", s.contractsTo90()));
    }
    b.append(
        s.topRatedReady()
            ? "Top Rated: all criteria met\n"
            : "Top Rated: not yet (" + String.join(", ", s.topRatedUnmet()) + ")\n");
    return b.toString();
  }

  /** The explanation as JSON (same content as the text). */
  public static String json(
      Audience a, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive) {
    return json(a, s, contracts, changes, inactive, List.of());
  }

  /** As JSON, with {@code review_cases} (open cases and evidence) for the internal audience only. */
  public static String json(
      Audience a, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive,
      List<ReviewCase> cases) {
    return json(a, model(a, s, contracts, changes, inactive), cases);
  }

  /** The JSON of a model; consumes it (the text-only entries are removed). */
  private static String json(Audience a, Map<String, Object> m, List<ReviewCase> cases) {
    if (a == Audience.INTERNAL) {
      List<Map<String, Object>> cs = new ArrayList<>();
      for (ReviewCase c : cases) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("detector", c.detector());
        x.put("status", c.status());
        x.put("severity", c.severity());
        x.put("score", c.score());
        x.put("queue_rank", c.queueRank());
        x.put("first_seen", String.valueOf(c.firstSeen()));
        x.put("nights_flagged", c.nightsFlagged());
        x.put("sentence", c.sentence());
        x.put("metric", c.metric());
        x.put("value", c.value());
        x.put("baseline", c.baseline());
        x.put("p_value", c.pValue());
        x.put("z", c.z());
        x.put("linked_accounts", c.linkedAccounts());
        x.put("contracts", c.contracts());
        cs.add(x);
      }
      m.put("review_cases", cs);
    }
    m.remove("change_text");
    m.remove("inactive_text");
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Shared: a mapper is costly to build and its writer is thread-safe (one render per freelancer). */
  private static final com.fasterxml.jackson.databind.ObjectWriter JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();

  private static List<Contract> sorted(List<Contract> cs) {
    List<Contract> out = new ArrayList<>(cs);
    out.sort(Comparator.comparing(Contract::contractId));
    return out;
  }

  private static String ineligibleText(String reason) {
    if ("NOT_ENOUGH_CONTRACTS".equals(reason)) {
      return "fewer than 2 contracts count in any window";
    }
    if ("NOT_ENOUGH_CLIENTS".equals(reason)) {
      return "the contracts that count come from fewer than 2 clients";
    }
    return reason;
  }

  private static String describe(Contract c) {
    return "contract "
        + c.contractId()
        + (c.endDate() == null ? " (active)" : " (ended " + c.endDate() + ")");
  }

  static Map<String, Object> model(
      Audience a, Score s, List<Contract> contracts, List<Change> changes, List<Inactive> inactive) {
    boolean hide = a == Audience.FREELANCER;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("freelancer_id", s.freelancerId());
    m.put("audience", a.name().toLowerCase(Locale.ROOT));
    m.put("as_of_date", s.asOf().toString());
    m.put("jss", s.display());
    if (!hide) {
      m.put("jss_exact", s.jss());
    }
    m.put("window_months", s.windowMonths());
    m.put("eligible", s.jss() != null);
    m.put("ineligible_reason", s.ineligibleReason());

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
        notCounted.add(describe(c) + " - " + REASON_TEXT.getOrDefault(c.reason(), c.reason()));
      }
    }
    List<Map<String, Object>> factors = new ArrayList<>();
    for (Map.Entry<String, Double> e : points.entrySet()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("factor", e.getKey());
      f.put("text", REASON_TEXT.getOrDefault(e.getKey(), e.getKey()));
      f.put("points", e.getValue());
      f.put("contracts", names.get(e.getKey()));
      factors.add(f);
    }
    factors.sort(Comparator.comparing((Map<String, Object> f) -> -(double) f.get("points")));
    m.put("factors", factors);
    m.put("not_counted", notCounted);
    if (hide) {
      m.put(
          "private_feedback",
          privCount == 0 || privPoints == 0
              ? "Private feedback: no effect in this window"
              : String.format(
                  Locale.ROOT,
                  "Private feedback: %d contract%s, -%.1f points in total",
                  privCount,
                  privCount == 1 ? "" : "s",
                  privPoints));
      m.put("private_feedback_contracts", privCount);
      m.put("private_feedback_points", privPoints);
    }
    m.put("previous_jss", s.previousJss() == null ? null : displayOf(s.previousJss()));
    m.put("previous_as_of_date", s.previousAsOf() == null ? null : s.previousAsOf().toString());
    List<Map<String, Object>> changeRows = new ArrayList<>();
    double privChange = 0;
    int privChanges = 0;
    for (Change c : changes) {
      if (hide && c.privateDependent()) {
        privChange += c.change();
        privChanges++;
        continue;
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("contract_id", c.contractId());
      r.put("cause", c.cause());
      r.put("change", c.change());
      changeRows.add(r);
    }
    changeRows.sort(Comparator.comparing((Map<String, Object> r) -> -Math.abs((double) r.get("change"))));
    if (privChanges > 0) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("contract_id", null);
      r.put("cause", "PRIVATE_FEEDBACK");
      r.put("contracts", privChanges);
      r.put("change", privChange);
      changeRows.add(r);
    }
    m.put("changes", changeRows);
    if (s.previousAsOf() != null && s.jss() != null && s.previousJss() != null) {
      StringBuilder t =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "Since %s: %+.1f points (%d to %d)",
                  s.previousAsOf(),
                  s.jss() - s.previousJss(),
                  displayOf(s.previousJss()),
                  s.display()));
      for (Map<String, Object> r : changeRows) {
        t.append(
            String.format(
                Locale.ROOT,
                "%n  %+6.1f  %s",
                (double) r.get("change"),
                r.get("contract_id") == null
                    ? "private feedback on " + r.get("contracts") + " contract(s)"
                    : "contract " + r.get("contract_id") + ": " + CAUSE_TEXT.get((String) r.get("cause"))));
      }
      m.put("change_text", t.toString());
    }
    List<Map<String, Object>> in = new ArrayList<>();
    List<String> inText = new ArrayList<>();
    for (Inactive i : inactive) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("contract_id", i.contractId());
      r.put("days_inactive", i.daysInactive());
      r.put("projected_jss", i.projectedJss());
      r.put("projected_change", i.projectedChange());
      r.put("recommended_action", i.action());
      in.add(r);
      inText.add(
          String.format(
              Locale.ROOT,
              "contract %s: idle %d days; closing it now: %s; recommended: %s",
              i.contractId(),
              i.daysInactive(),
              i.projectedChange() == null
                  ? "no score either way"
                  : String.format(Locale.ROOT, "%+.1f points", i.projectedChange()),
              i.action()));
    }
    m.put("inactive_contracts", in);
    m.put("inactive_text", inText);
    m.put("contracts_to_90", s.contractsTo90());
    m.put("top_rated_ready", s.topRatedReady());
    m.put("top_rated_unmet", s.topRatedUnmet());
    if (!hide) {
      List<Map<String, Object>> all = new ArrayList<>();
      for (Contract c : sorted(contracts)) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("contract_id", c.contractId());
        r.put("client_id", c.clientId());
        r.put("class", c.outcomeClass());
        r.put("reason", c.reason());
        r.put("weight", c.weight());
        r.put("loss", c.loss());
        r.put("in_chosen_window", c.inChosenWindow());
        r.put("private_dependent", c.privateDependent());
        r.put("end_date", c.endDate() == null ? null : c.endDate().toString());
        r.put("public_rating", c.publicRating());
        r.put("private_score", c.privateScore());
        r.put("earnings_usd", c.earnings());
        all.add(r);
      }
      m.put("contracts", all);
    }
    return m;
  }

  static int displayOf(double exact) {
    return (int) Math.floor(exact + 0.5 + 1e-9);
  }
}
