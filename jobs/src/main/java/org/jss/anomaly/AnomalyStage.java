package org.jss.anomaly;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.Rules;
import org.jss.facts.FactsStage;
import org.jss.io.Catalog;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageInputs;

/**
 * The {@code anomalies} stage of nightly (SPEC section 7): evaluates every detector over the night's
 * snapshot and writes {@code anomaly_flags} (one row per flagged freelancer and detector, with evidence)
 * and {@code review_cases} (cases carried over from the previous night, decisions applied, OPEN cases
 * ranked). Thresholds are the
 * {@link AnomalyConfig} the command loaded ({@code --anomaly-config}).
 */
public final class AnomalyStage implements Stage {
  private final AnomalyConfig config;

  public AnomalyStage(AnomalyConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "anomalies";
  }

  @Override
  public Rules rules() {
    return config.rules();
  }

  /** The detectors read the night's contract facts rather than aggregating the raw tables again. */
  @Override
  public List<String> dependsOn() {
    return List.of(FactsStage.NAME);
  }

  /** The previous night's cases: carried over, with the decisions taken since. */
  @Override
  public List<String> previousTables() {
    return List.of(Catalog.REVIEW_CASES.name());
  }

  @Override
  public Map<String, Dataset<Row>> run(StageInputs in) {
    // Computed once (a small table) and shared by both outputs.
    Dataset<Row> flags =
        AnomalyEngine.flags(
                AnomalyInputs.of(in.snapshot(), in.upstream(Catalog.CONTRACT_FACTS.name())),
                Detectors.all(config))
            .localCheckpoint();
    Dataset<Row> previous =
        in.previous(Catalog.REVIEW_CASES.name())
            .orElseGet(
                () ->
                    flags.sparkSession().createDataFrame(List.of(), Catalog.REVIEW_CASES.schema()));
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(Catalog.ANOMALY_FLAGS.name(), flags);
    out.put(
        Catalog.REVIEW_CASES.name(),
        ReviewCases.compute(
            flags, previous, in.snapshot().reviewDecisions(), in.asOf(), config.reopenFactor()));
    return out;
  }
}
