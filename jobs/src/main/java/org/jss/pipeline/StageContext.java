package org.jss.pipeline;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.io.Lake;
import org.jss.io.Snapshot;

/**
 * What a stage gets: the lake, the point-in-time snapshot, the policy, earlier stages' outputs and the
 * night's written {@code contract_facts} (null when no selected stage reads them).
 */
public record StageContext(
    Lake lake,
    LocalDate asOf,
    Snapshot snapshot,
    JssPolicy policy,
    PipelineConfig config,
    String runId,
    Map<String, Dataset<Row>> outputs,
    Dataset<Row> contractFacts) {}
