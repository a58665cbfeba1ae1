package org.jss.reporting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.jss.io.Lake;

/** Gathers one freelancer's rows from the scored tables and renders them (the {@code explain} command). */
public final class ExplainJob {
  private ExplainJob() {}

  public static final String INACTIVE_TABLE = "inactive_contracts";

  /**
   * One freelancer's explanation as of a date (default: the latest run), worded with {@code policy}:
   * the policy the scores were made under, checked against the name and version their rows record.
   */
  public static String explain(
      Lake lake,
      String freelancerId,
      LocalDate asOf,
      Explanation.Audience audience,
      boolean json,
      JssPolicy policy) {
    String scores = Catalog.JSS_SCORES.name();
    Optional<LocalDate> latest = lake.latestDate(scores);
    if (latest.isEmpty()) {
      throw new UserError("no JSS scores in lake " + lake.root() + ": run `jss nightly` first");
    }
    LocalDate date = asOf != null ? asOf : latest.get();
    Dataset<Row> day = lake.scoredDate(scores, date);
    List<Row> rows = day.where(col("freelancer_id").equalTo(freelancerId)).collectAsList();
    if (rows.isEmpty()) {
      List<LocalDate> dates = lake.dates(scores);
      if (!dates.contains(date)) {
        throw new UserError(
            "no JSS run as of "
                + date
                + "; runs exist for: "
                + dates.stream().map(LocalDate::toString).collect(Collectors.joining(", ")));
      }
      List<String> sample =
          day.select("freelancer_id").orderBy("freelancer_id").limit(5).collectAsList().stream()
              .map(x -> x.getString(0))
              .toList();
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
  private static List<Explanation.ReviewCase> openCases(Lake lake, LocalDate date, String account) {
    if (!lake.exists(lake.scoredPath(Catalog.REVIEW_CASES.name())) || !lake.exists(lake.scoredPath(Catalog.ANOMALY_FLAGS.name()))) {
      return List.of();
    }
    Dataset<Row> cases =
        lake.scoredDate(Catalog.REVIEW_CASES.name(), date)
            .where(col("account_id").equalTo(account).and(col("status").equalTo("OPEN")))
            .select("detector", "status", "severity", "score", "queue_rank", "first_seen", "nights_flagged",
                "sentence");
    Dataset<Row> flags =
        lake.scoredDate(Catalog.ANOMALY_FLAGS.name(), date)
            .where(col("account_id").equalTo(account))
            .select("detector", "metric", "value", "baseline", "p_value", "z", "linked_accounts", "contracts");
    List<Explanation.ReviewCase> out = new ArrayList<>();
    for (Row r : cases.join(flags, "detector").orderBy("queue_rank").collectAsList()) {
      out.add(
          new Explanation.ReviewCase(
              r.getAs("detector"), r.getAs("status"), r.getAs("severity"), r.getAs("score"),
              r.getAs("queue_rank"), String.valueOf(r.<Date>getAs("first_seen")),
              r.<Integer>getAs("nights_flagged"), r.getAs("sentence"), r.getAs("metric"),
              r.getAs("value"), r.getAs("baseline"), r.getAs("p_value"), r.getAs("z"),
              r.getList(r.fieldIndex("linked_accounts")), r.getList(r.fieldIndex("contracts"))));
    }
    return out;
  }

  /** One freelancer's rows of one date of a scored table (empty when the table was never written). */
  private static List<Row> forFreelancer(Lake lake, String table, LocalDate date, String freelancerId) {
    if (!lake.exists(lake.scoredPath(table))) {
      return List.of();
    }
    return lake.scoredDate(table, date).where(col("freelancer_id").equalTo(freelancerId)).collectAsList();
  }
}
