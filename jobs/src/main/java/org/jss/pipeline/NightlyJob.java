package org.jss.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.jss.base.RunFailure;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.facts.ContractFacts;
import org.jss.io.Lake;
import org.jss.io.RunLog;
import org.jss.io.Schemas;
import org.jss.io.Snapshot;
import org.jss.io.TableSpec;

/**
 * Runs the nightly stages for one as-of date: builds the point-in-time snapshot once, writes the night's
 * {@link ContractFacts} when a stage reads them, runs each stage, writes each of its tables with a
 * per-date atomic replace, records every step in {@code _runs}, and hands the written tables to later
 * stages (read back from Delta, so nothing upstream is recomputed).
 */
public final class NightlyJob {
  private NightlyJob() {}

  /** What a nightly run did: per stage, the rows written per table, and the time it took. */
  public record Result(String runId, LocalDate asOf, List<StageResult> stages) {}

  public record StageResult(String stage, Map<String, Long> rowCounts, long durationMs) {}

  public static Result run(
      Lake lake,
      LocalDate asOf,
      JssPolicy policy,
      PipelineConfig config,
      List<Stage> stages,
      Consumer<String> progress) {
    String runId = UUID.randomUUID().toString();
    Map<String, Long> inputVersions = new LinkedHashMap<>();
    for (TableSpec t : Schemas.ALL) {
      inputVersions.put("raw/" + t.name(), lake.version(lake.rawPath(t.name())));
    }
    Snapshot snapshot = Snapshot.of(lake, asOf);
    List<StageResult> results = new ArrayList<>();
    Map<String, Dataset<Row>> outputs = new LinkedHashMap<>();
    // The shared per-contract facts are written first, under their own _runs entry, and every stage
    // that reads them gets the written rows: nothing re-aggregates the event tables.
    Dataset<Row> facts = null;
    if (stages.stream().anyMatch(Stage::readsContractFacts)) {
      StageContext factsCtx = new StageContext(lake, asOf, snapshot, policy, config, runId, outputs, null);
      results.add(
          runStage(new FactsStep(), factsCtx, lake, asOf, policy, runId, inputVersions, outputs, progress));
      facts =
          outputs.get(ContractFacts.TABLE)
              .select(ContractFacts.COLUMNS.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new));
    }
    StageContext ctx = new StageContext(lake, asOf, snapshot, policy, config, runId, outputs, facts);
    for (Stage stage : stages) {
      results.add(runStage(stage, ctx, lake, asOf, policy, runId, inputVersions, outputs, progress));
    }
    return new Result(runId, asOf, results);
  }

  /**
   * Runs one stage and writes each of its tables with a per-date atomic replace, stamped with the run
   * and its rules; records the stage in {@code _runs} whether it succeeds or fails.
   */
  private static StageResult runStage(
      Stage stage,
      StageContext ctx,
      Lake lake,
      LocalDate asOf,
      JssPolicy policy,
      String runId,
      Map<String, Long> inputVersions,
      Map<String, Dataset<Row>> outputs,
      Consumer<String> progress) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    try {
      progress.accept("stage " + stage.name() + ": computing");
      Map<String, Dataset<Row>> tables = stage.run(ctx);
      for (Map.Entry<String, Dataset<Row>> e : tables.entrySet()) {
        progress.accept("stage " + stage.name() + ": writing " + e.getKey());
        Dataset<Row> stamped =
            e.getValue()
                .withColumn("policy_name", functions.lit(policy.name()))
                .withColumn("policy_version", functions.lit(policy.version()))
                .withColumn("run_id", functions.lit(runId));
        lake.replaceDate(e.getKey(), stamped, asOf);
        counts.put(e.getKey(), lake.lastWriteRows(lake.scoredPath(e.getKey())));
        outputs.put(e.getKey(), lake.scoredDate(e.getKey(), asOf));
      }
    } catch (RuntimeException ex) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      RunLog.append(
          lake,
          new RunLog.Entry(
              runId, "nightly", asOf, stage.name(), inputVersions, counts, started, ms, "FAILED",
              String.valueOf(ex.getMessage())));
      throw ex instanceof RunFailure || ex instanceof UserError
          ? ex
          : new RunFailure(stage.name(), "stage failed", ex);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    RunLog.append(
        lake,
        new RunLog.Entry(
            runId, "nightly", asOf, stage.name(), inputVersions, counts, started, ms, "SUCCEEDED", null));
    // Stages persist what several of their tables share; once written, nothing needs it in memory.
    lake.spark().catalog().clearCache();
    return new StageResult(stage.name(), counts, ms);
  }

  /** The {@code facts} step: the snapshot's {@link ContractFacts}, written before the stages. */
  private static final class FactsStep implements Stage {
    @Override
    public String name() {
      return "facts";
    }

    @Override
    public Map<String, Dataset<Row>> run(StageContext ctx) {
      return Map.of(ContractFacts.TABLE, ContractFacts.compute(ctx.snapshot(), ctx.policy()));
    }
  }
}
