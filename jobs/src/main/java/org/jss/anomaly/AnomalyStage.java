package org.jss.anomaly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.io.Lake;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageContext;

/**
 * The {@code anomalies} stage of nightly (SPEC section 7): evaluates every detector over the night's
 * snapshot and writes {@code anomaly_flags} (one row per flagged freelancer and detector, with evidence)
 * and {@code review_cases} (cases carried over from the previous night, decisions applied, OPEN cases
 * ranked). Thresholds come from {@code conf/anomaly.yaml} when present.
 */
public final class AnomalyStage implements Stage {
  private final AnomalyConfig fixed;

  public AnomalyStage() {
    this(null);
  }

  /** A stage with the given thresholds (tests); the no-argument stage reads conf/anomaly.yaml. */
  public AnomalyStage(AnomalyConfig config) {
    this.fixed = config;
  }

  @Override
  public String name() {
    return "anomalies";
  }

  /** The detectors read the snapshot's tables directly (not yet the contract facts). */
  @Override
  public boolean readsContractFacts() {
    return false;
  }

  @Override
  public Map<String, Dataset<Row>> run(StageContext ctx) {
    AnomalyConfig c = fixed != null ? fixed : AnomalyConfig.load();
    Lake lake = ctx.lake();
    // Computed once (a small table) and shared by both outputs.
    Dataset<Row> flags =
        AnomalyEngine.flags(AnomalyInputs.of(ctx.snapshot()), Detectors.all(c)).localCheckpoint();
    Optional<LocalDate> prev = previousRunDate(lake, ctx.asOf());
    Dataset<Row> previous =
        prev.map(d -> lake.scoredDate(ReviewCases.TABLE, d))
            .orElse(lake.spark().createDataFrame(List.of(), ReviewCases.SCHEMA));
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(Flags.TABLE, flags);
    out.put(
        ReviewCases.TABLE,
        ReviewCases.compute(
            flags, previous, ctx.snapshot().reviewDecisions(), ctx.asOf(), c.reopenFactor()));
    return out;
  }

  /** The latest earlier date with review cases. */
  static Optional<LocalDate> previousRunDate(Lake lake, LocalDate asOf) {
    if (!lake.exists(lake.scoredPath(ReviewCases.TABLE))) {
      return Optional.empty();
    }
    Row r =
        lake.read(lake.scoredPath(ReviewCases.TABLE))
            .where(col(Lake.AS_OF_DATE).lt(lit(Date.valueOf(asOf))))
            .agg(max(Lake.AS_OF_DATE))
            .head();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
  }
}
