/**
 * The {@code anomalies} stage (SPEC section 7): detectors with evidence, {@code anomaly_flags} and the
 * ranked {@code review_cases}; {@code evaluate} scores the flags against ground truth. May use: base,
 * config, io, pipeline, facts.
 */
package org.jss.anomaly;
