package org.jss.anomaly;

import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One anomaly detector as a value: its name (as in {@code anomaly_flags.detector} and
 * {@code review_decisions.detector}), the parameters it was built with (for the record and for
 * reviewers), and a pure function from the shared inputs of one night to its flags ({@link Flags#SCHEMA}).
 */
public record Detector(
    String name, Map<String, Object> parameters, Function<AnomalyInputs, Dataset<Row>> flags) {}
