package org.jss.serve;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.jss.io.Catalog;
import org.jss.io.LakeReader;
import org.jss.io.ReviewDecisionLog;

/**
 * What the console serves, read once from the lake with Delta Kernel and held in memory: one as-of
 * date's review cases, flags and freelancer explanations ({@link Scored}), and every reviewer decision
 * ({@link Decisions}, re-read on its own because it changes with each decision). Both are immutable; the
 * server swaps in a new one when a table's Delta version moves.
 */
final class ConsoleIndex {
  private ConsoleIndex() {}

  record Case(
      String caseId,
      String accountId,
      String detector,
      String status,
      String severity,
      double score,
      Double value,
      String sentence,
      LocalDate firstSeen,
      LocalDate lastSeen,
      int nightsFlagged,
      String decision,
      Integer queueRank) {}

  record Flag(
      String accountId,
      String detector,
      String severity,
      double score,
      String sentence,
      String metric,
      double value,
      Double baseline,
      Double pValue,
      Double z,
      List<String> linkedAccounts,
      List<String> contracts) {}

  record Decision(
      String accountId,
      String detector,
      Instant decidedAt,
      String decision,
      String reviewer,
      String note,
      String decisionId) {}

  /** The versions of the tables an index was read from, to tell when to read again. */
  record Versions(long cases, long flags, long explanations) {
    static Versions of(LakeReader lake) {
      return new Versions(
          lake.scoredVersion(Catalog.REVIEW_CASES.name()),
          lake.scoredVersion(Catalog.ANOMALY_FLAGS.name()),
          lake.scoredVersion(Catalog.JSS_EXPLANATIONS.name()));
    }
  }

  /**
   * One as-of date of the scored tables. Explanations are the bulk (one JSON document per freelancer),
   * held compressed ({@link ExplanationStore}).
   */
  record Scored(
      LocalDate asOf,
      Versions versions,
      List<Case> queue,
      Map<String, Case> casesById,
      Map<String, List<Case>> casesByAccount,
      Map<String, List<Flag>> flagsByAccount,
      Map<String, String> countryByAccount,
      ExplanationStore explanations,
      Set<String> detectors,
      Set<String> countries,
      Instant loadedAt) {

    /** The freelancer's explanation JSON, exactly as {@code jss_explanations} holds it. */
    Optional<String> explanation(String freelancerId) {
      return explanations.get(freelancerId);
    }
  }

  /** The latest as-of date with explanations, or {@code asOf} when given (empty: no run yet). */
  static Optional<LocalDate> date(LakeReader lake, LocalDate asOf) {
    if (asOf != null) {
      return lake.dates(Catalog.JSS_EXPLANATIONS.name()).contains(asOf) ? Optional.of(asOf) : Optional.empty();
    }
    return lake.latestDate(Catalog.JSS_EXPLANATIONS.name(), null);
  }

  static Scored load(LakeReader lake, LocalDate asOf) {
    Versions versions = Versions.of(lake);
    List<Case> cases = new ArrayList<>();
    for (Row r : lake.rowsOn(Catalog.REVIEW_CASES.name(), asOf)) {
      cases.add(
          new Case(
              r.getAs("case_id"), r.getAs("account_id"), r.getAs("detector"), r.getAs("status"),
              r.getAs("severity"), num(r, "score"), r.getAs("value"), r.getAs("sentence"),
              date(r, "first_seen"), date(r, "last_seen"), ((Number) r.getAs("nights_flagged")).intValue(),
              r.getAs("decision"), r.getAs("queue_rank")));
    }
    Map<String, List<Flag>> flags = new HashMap<>();
    for (Row r : lake.rowsOn(Catalog.ANOMALY_FLAGS.name(), asOf)) {
      Flag f =
          new Flag(
              r.getAs("account_id"), r.getAs("detector"), r.getAs("severity"), num(r, "score"),
              r.getAs("sentence"), r.getAs("metric"), num(r, "value"), r.getAs("baseline"),
              r.getAs("p_value"), r.getAs("z"), List.copyOf(r.getList(r.fieldIndex("linked_accounts"))),
              List.copyOf(r.getList(r.fieldIndex("contracts"))));
      flags.computeIfAbsent(f.accountId(), k -> new ArrayList<>()).add(f);
    }
    Map<String, Case> byId = new LinkedHashMap<>();
    Map<String, List<Case>> byAccount = new HashMap<>();
    Set<String> detectors = new TreeSet<>();
    for (Case c : cases) {
      byId.put(c.caseId(), c);
      byAccount.computeIfAbsent(c.accountId(), k -> new ArrayList<>()).add(c);
      detectors.add(c.detector());
    }
    // The queue: open cases in the nightly's rank (severity, then score).
    List<Case> queue = new ArrayList<>();
    for (Case c : cases) {
      if ("OPEN".equals(c.status()) && c.queueRank() != null) {
        queue.add(c);
      }
    }
    queue.sort(Comparator.comparingInt(Case::queueRank));
    // Profile countries of the accounts with a case (the queue's country filter): one pass over accounts.
    Map<String, String> country = new HashMap<>();
    Set<String> countries = new TreeSet<>();
    lake.rawStrings(
        "accounts",
        List.of("account_id", "country"),
        v -> {
          if (v[1] != null && byAccount.containsKey(v[0])) {
            country.put(v[0], v[1]);
            countries.add(v[1]);
          }
        });
    ExplanationStore.Builder explanations = new ExplanationStore.Builder();
    lake.strings(
        Catalog.JSS_EXPLANATIONS.name(),
        asOf,
        List.of("freelancer_id", "json"),
        v -> explanations.add(v[0], v[1]));
    return new Scored(
        asOf, versions, Collections.unmodifiableList(queue), Collections.unmodifiableMap(byId),
        Collections.unmodifiableMap(byAccount), Collections.unmodifiableMap(flags),
        Collections.unmodifiableMap(country), explanations.build(),
        Collections.unmodifiableSet(detectors), Collections.unmodifiableSet(countries), Instant.now());
  }

  /** Every recorded decision, by account, newest first; and the ids of those the console recorded. */
  record Decisions(long version, Map<String, List<Decision>> byAccount, Set<String> ids) {
    static Decisions load(LakeReader lake) {
      long version = lake.rawVersion(ReviewDecisionLog.TABLE);
      Map<String, List<Decision>> by = new HashMap<>();
      Set<String> ids = new HashSet<>();
      for (Row r : lake.rawRows(ReviewDecisionLog.TABLE)) {
        boolean console = r.schema().getFieldIndex("decision_id").isDefined();
        Decision d =
            new Decision(
                r.getAs("account_id"), r.getAs("detector"), r.<Timestamp>getAs("decided_at").toInstant(),
                r.getAs("decision"), console ? r.getAs("reviewer") : null, console ? r.getAs("note") : null,
                console ? r.getAs("decision_id") : null);
        by.computeIfAbsent(d.accountId(), k -> new ArrayList<>()).add(d);
        if (d.decisionId() != null) {
          ids.add(d.decisionId());
        }
      }
      by.values().forEach(l -> l.sort(Comparator.comparing(Decision::decidedAt).reversed()));
      return new Decisions(version, by, ids);
    }

    List<Decision> of(String account) {
      return byAccount.getOrDefault(account, List.of());
    }
  }

  private static double num(Row r, String column) {
    return ((Number) r.getAs(column)).doubleValue();
  }

  private static LocalDate date(Row r, String column) {
    java.sql.Date d = r.getAs(column);
    return d == null ? null : d.toLocalDate();
  }
}
