package org.jss.facts;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.JssPolicy;
import org.jss.config.Rules;
import org.jss.io.Catalog;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageInputs;

/**
 * The {@code facts} stage: the night's {@link ContractFacts}, written first so that every stage that
 * declares it reads the written rows and nothing re-aggregates the event tables.
 */
public final class FactsStage implements Stage {
  public static final String NAME = "facts";

  private final JssPolicy policy;

  public FactsStage(JssPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Rules rules() {
    return policy.rules();
  }

  @Override
  public Map<String, Dataset<Row>> run(StageInputs in) {
    return Map.of(Catalog.CONTRACT_FACTS.name(), ContractFacts.compute(in.snapshot(), policy));
  }
}
