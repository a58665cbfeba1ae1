package org.jss.anomaly;

import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One anomaly detector as a value: its name (as in {@code anomaly_flags.detector} and
 * {@code review_decisions.detector}) and a pure function from the shared inputs of one night to its flags
 * ({@link Flags#SCHEMA}). The thresholds it was built with are recorded on the flags as the {@link
 * AnomalyConfig#rules()} stamp.
 */
public record Detector(String name, Function<AnomalyInputs, Dataset<Row>> flags) {}
