package org.jss.fees;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.PipelineConfig;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageContext;

/**
 * The nightly {@code fees} stage: the impact of {@code fees.nightly.proposal} against
 * {@code fees.nightly.baseline} over the last {@code fees.nightly.since_months} months of payments, as
 * {@code fee_impact} and {@code fee_impact_segments}. Off unless {@code fees.nightly.enabled} is true
 * (or the stage is named in {@code --stages}): a product analyst's question, not a nightly necessity.
 */
public final class FeeImpactStage implements Stage {
  public static final String NAME = "fees";
  public static final String TABLE = "fee_impact";
  public static final String SEGMENTS_TABLE = "fee_impact_segments";

  @Override
  public String name() {
    return NAME;
  }

  /** Fees replay payments; the contract facts are not read (yet). */
  @Override
  public boolean readsContractFacts() {
    return false;
  }

  @Override
  public boolean enabledByDefault(StageContext ctx) {
    return ctx.config().fees().enabled();
  }

  @Override
  public Map<String, Dataset<Row>> run(StageContext ctx) {
    PipelineConfig.FeesNightly f = ctx.config().fees();
    FeeSchedules schedules = new FeeSchedules(Path.of(f.schedulesDir()));
    FeeSchedule baseline = schedules.load(f.baseline());
    FeeSchedule proposal = schedules.load(f.proposal());
    LocalDate since = f.sinceMonths() == 0 ? null : ctx.asOf().minusMonths(f.sinceMonths()).plusDays(1);
    FeeImpactJob.Tables t = FeeImpactJob.tables(ctx.snapshot(), since, baseline, proposal, ctx.runId());
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(TABLE, t.perFreelancer());
    out.put(SEGMENTS_TABLE, t.segments());
    return out;
  }
}
