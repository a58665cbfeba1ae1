package org.jss.config;

/**
 * The rules a scored table was made by, recorded on each of its rows ({@code policy_name}, {@code
 * policy_version}): the JSS policy for the facts, jss and inactive stages, the anomaly thresholds for
 * anomalies, the two fee schedules for fees. A reader can tell a score under a policy variant, or flags
 * under changed thresholds, from the shipped default's.
 */
public record Rules(String name, String version) {}
