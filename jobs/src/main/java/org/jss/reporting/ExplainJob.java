package org.jss.reporting;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.jss.io.LakeReader;

/**
 * Gathers one freelancer's rows from the scored tables and renders them (the {@code explain} command).
 * Reads with Delta Kernel ({@link LakeReader}), not Spark: one freelancer's rows of one date are a few
 * files' worth, and a support agent should not wait for a Spark session to start.
 */
public final class ExplainJob {
  private ExplainJob() {}

  public static final String INACTIVE_TABLE = "inactive_contracts";

  /**
   * One freelancer's explanation as of a date (default: the latest run), worded with {@code policy}:
   * the policy the scores were made under, checked against the name and version their rows record.
   */
  public static String explain(
      LakeReader lake,
      String freelancerId,
      LocalDate asOf,
      Explanation.Audience audience,
      boolean json,
      JssPolicy policy) {
    String scores = Catalog.JSS_SCORES.name();
    Optional<LocalDate> latest = lake.latestDate(scores, null);
    if (latest.isEmpty()) {
      throw new UserError("no JSS scores in lake " + lake.root() + ": run `jss nightly` first");
    }
    LocalDate date = asOf != null ? asOf : latest.get();
    List<Row> rows = lake.rows(scores, date, "freelancer_id", freelancerId);
    if (rows.isEmpty()) {
      List<LocalDate> dates = lake.dates(scores);
      if (!dates.contains(date)) {
        throw new UserError(
            "no JSS run as of "
                + date
                + "; runs exist for: "
                + dates.stream().map(LocalDate::toString).collect(Collectors.joining(", ")));
      }
      List<String> sample = lake.smallestValues(scores, date, "freelancer_id", 5);
      throw new UserError(
          "freelancer '"
              + freelancerId
              + "' has no score as of "
              + date
              + " (no visible contract, or unknown id); scored freelancers then include: "
              + String.join(", ", sample));
    }
    Row scoreRow = rows.get(0);
    String madeBy = scoreRow.getAs(Catalog.RULES_NAME) + " " + scoreRow.getAs(Catalog.RULES_VERSION);
    if (!madeBy.equals(policy.name() + " " + policy.version())) {
      throw new UserError(
          "the scores as of " + date + " were made under policy " + madeBy + ", not "
              + policy.name() + " " + policy.version()
              + ": pass that policy's file with --policy so the explanation names its thresholds");
    }
    Explanation.Score s = ExplanationRows.score(scoreRow, date);
    List<Explanation.Contract> contracts = new ArrayList<>();
    for (Row r : forFreelancer(lake, Catalog.JSS_CONTRACT_OUTCOMES.name(), date, freelancerId)) {
      contracts.add(ExplanationRows.contract(r));
    }
    List<Explanation.Change> changes = new ArrayList<>();
    for (Row r : forFreelancer(lake, Catalog.JSS_CHANGES.name(), date, freelancerId)) {
      changes.add(ExplanationRows.change(r));
    }
    List<Explanation.Inactive> inactive = new ArrayList<>();
    for (Row r : forFreelancer(lake, INACTIVE_TABLE, date, freelancerId)) {
      inactive.add(
          new Explanation.Inactive(
              r.getAs("contract_id"),
              ((Number) r.getAs("days_inactive")).intValue(),
              r.getAs("projected_jss"),
              r.getAs("projected_change"),
              r.getAs("recommended_action")));
    }
    List<Explanation.ReviewCase> cases =
        audience == Explanation.Audience.INTERNAL ? openCases(lake, date, freelancerId) : List.of();
    Explanation.Rendered r =
        Explanation.render(
            audience, Explanation.Wording.of(policy), s, contracts, changes, inactive, cases);
    return json ? r.json() : r.text();
  }

  /**
   * The account's OPEN review cases of that night with the evidence of the night's flag (internal
   * audience only; empty when the anomalies stage never ran).
   */
  private static List<Explanation.ReviewCase> openCases(LakeReader lake, LocalDate date, String account) {
    List<Row> flags = lake.rows(Catalog.ANOMALY_FLAGS.name(), date, "account_id", account);
    List<Row> cases = new ArrayList<>();
    for (Row c : lake.rows(Catalog.REVIEW_CASES.name(), date, "account_id", account)) {
      if ("OPEN".equals(c.getAs("status"))) {
        cases.add(c);
      }
    }
    cases.sort(Comparator.comparingLong(c -> ((Number) c.getAs("queue_rank")).longValue()));
    List<Explanation.ReviewCase> out = new ArrayList<>();
    for (Row c : cases) {
      for (Row f : flags) {
        if (!c.getAs("detector").equals(f.getAs("detector"))) {
          continue;
        }
        out.add(
            new Explanation.ReviewCase(
                c.getAs("detector"), c.getAs("status"), c.getAs("severity"), c.getAs("score"),
                c.getAs("queue_rank"), String.valueOf(c.<Date>getAs("first_seen")),
                c.<Integer>getAs("nights_flagged"), c.getAs("sentence"), f.getAs("metric"),
                f.getAs("value"), f.getAs("baseline"), f.getAs("p_value"), f.getAs("z"),
                f.getList(f.fieldIndex("linked_accounts")), f.getList(f.fieldIndex("contracts"))));
      }
    }
    return out;
  }

  /** One freelancer's rows of one date of a scored table (empty when the table was never written). */
  private static List<Row> forFreelancer(LakeReader lake, String table, LocalDate date, String freelancerId) {
    return lake.rows(table, date, "freelancer_id", freelancerId);
  }
}
