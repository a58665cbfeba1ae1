package org.jss.fees;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.PipelineConfig;
import org.jss.config.Rules;
import org.jss.io.Catalog;
import org.jss.pipeline.Stage;
import org.jss.pipeline.StageInputs;

/**
 * The {@code fees} stage: the impact of a proposal schedule against a baseline over the same payments,
 * as a per-freelancer table and its segments ({@code <table>_segments}). The nightly form compares
 * {@code fees.nightly.proposal} with {@code fees.nightly.baseline} over the last {@code
 * fees.nightly.since_months} months and writes {@code fee_impact}; {@code fees impact} runs the same stage
 * through the same runner with the schedules, start date and table it was given.
 */
public final class FeeImpactStage implements Stage {
  public static final String NAME = "fees";

  private final FeeSchedule baseline;
  private final FeeSchedule proposal;
  private final UnaryOperator<LocalDate> since;
  private final String table;

  /**
   * @param since the first payment date counted, from the as-of date (null: every payment)
   * @param table the per-freelancer table; the segments go to {@code table + "_segments"}
   */
  public FeeImpactStage(
      FeeSchedule baseline, FeeSchedule proposal, UnaryOperator<LocalDate> since, String table) {
    this.baseline = baseline;
    this.proposal = proposal;
    this.since = since;
    this.table = table;
  }

  /** The nightly stage of the pipeline config, its schedules loaded now (by the command). */
  public static FeeImpactStage nightly(PipelineConfig.FeesNightly f) {
    FeeSchedules schedules = new FeeSchedules(Path.of(f.schedulesDir()));
    int months = f.sinceMonths();
    return new FeeImpactStage(
        schedules.load(f.baseline()),
        schedules.load(f.proposal()),
        asOf -> months == 0 ? null : asOf.minusMonths(months).plusDays(1),
        Catalog.FEE_IMPACT.name());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Both schedules: {@code fees:<baseline>..<proposal>}, versions their content fingerprints. */
  @Override
  public Rules rules() {
    return new Rules(
        "fees:" + baseline.name() + ".." + proposal.name(), baseline.version() + ".." + proposal.version());
  }

  public FeeSchedule baseline() {
    return baseline;
  }

  public FeeSchedule proposal() {
    return proposal;
  }

  public String table() {
    return table;
  }

  public String segmentsTable() {
    return table + "_segments";
  }

  @Override
  public Map<String, Dataset<Row>> run(StageInputs in) {
    FeeImpactJob.Tables t = FeeImpactJob.tables(in.snapshot(), since.apply(in.asOf()), baseline, proposal);
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(table, t.perFreelancer());
    out.put(segmentsTable(), t.segments());
    return out;
  }
}
