package org.jss.reporting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jss.io.Catalog;

/** Reads JSS table rows into {@link Explanation} values, and builds the {@code jss_explanations} table. */
public final class ExplanationRows {
  private ExplanationRows() {}

  public static Explanation.Score score(Row r, LocalDate asOf) {
    return new Explanation.Score(
        r.getAs("freelancer_id"),
        asOf,
        r.getAs("jss"),
        r.getAs("jss_display"),
        r.getAs("window_months"),
        r.getAs("ineligible_reason"),
        r.getAs("previous_jss"),
        r.getAs("previous_as_of_date") == null ? null : ((Date) r.getAs("previous_as_of_date")).toLocalDate(),
        r.getAs("contracts_to_90"),
        Boolean.TRUE.equals(r.getAs("top_rated_ready")),
        r.getList(r.fieldIndex("top_rated_unmet")));
  }

  public static Explanation.Contract contract(Row r) {
    Timestamp ended = r.getAs("ended_at");
    BigDecimal earnings = r.getAs("earnings_usd");
    return new Explanation.Contract(
        r.getAs("contract_id"),
        r.getAs("client_id"),
        r.getAs("class"),
        r.getAs("reason"),
        r.getAs("weight"),
        r.getAs("loss"),
        r.getAs("in_chosen_window"),
        r.getAs("private_dependent"),
        ended == null ? null : ended.toInstant().atZone(ZoneOffset.UTC).toLocalDate(),
        r.getAs("public_rating"),
        r.getAs("private_score"),
        earnings == null ? 0.0 : earnings.doubleValue());
  }

  public static Explanation.Change change(Row r) {
    return new Explanation.Change(
        r.getAs("contract_id"), r.getAs("cause"), r.getAs("change"), r.getAs("private_dependent"));
  }

  /**
   * One freelancer-facing explanation per scored freelancer. Contracts and changes are gathered per
   * freelancer (a freelancer has tens of contracts, not millions) and rendered by the same code as
   * {@code explain}.
   */
  public static Dataset<Row> freelancerTable(
      Dataset<Row> scores,
      Dataset<Row> outcomes,
      Dataset<Row> changes,
      LocalDate asOf,
      Explanation.Wording wording) {
    Dataset<Row> cs =
        outcomes.groupBy(col("freelancer_id")).agg(collect_list(struct(col("*"))).as("_contracts"));
    Dataset<Row> ch =
        changes.groupBy(col("freelancer_id")).agg(collect_list(struct(col("*"))).as("_changes"));
    Dataset<Row> joined =
        scores.join(cs, "freelancer_id", "left").join(ch, "freelancer_id", "left");
    MapFunction<Row, Row> render =
        r -> {
          Explanation.Score s = score(r, asOf);
          List<Explanation.Contract> contracts = new ArrayList<>();
          List<Row> crows = r.getAs("_contracts") == null ? List.of() : r.getList(r.fieldIndex("_contracts"));
          for (Row c : crows) {
            contracts.add(contract(c));
          }
          List<Explanation.Change> changeList = new ArrayList<>();
          List<Row> chrows = r.getAs("_changes") == null ? List.of() : r.getList(r.fieldIndex("_changes"));
          for (Row c : chrows) {
            changeList.add(change(c));
          }
          Explanation.Rendered out =
              Explanation.freelancer(wording, s, contracts, changeList, List.of());
          return RowFactory.create(s.freelancerId(), "freelancer", s.display(), out.text(), out.json());
        };
    return joined.map(render, Encoders.row(Catalog.JSS_EXPLANATIONS.schema()));
  }
}
