package org.jss.anomaly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.jss.cli.UserError;
import org.jss.io.Lake;
import org.jss.io.Snapshot;

/**
 * Precision, recall and F1 of one night's {@code anomaly_flags} against ground-truth labels
 * ({@code account_id,detector} rows, as {@code generate} writes them), per detector and overall (micro:
 * every (account, detector) pair counts once), plus the share of freelancer accounts with no labelled case
 * that were flagged by any detector.
 */
public final class Evaluation {
  private Evaluation() {}

  public record Counts(long tp, long fp, long fn) {
    public double precision() {
      return tp + fp == 0 ? (fn == 0 ? 1.0 : 0.0) : (double) tp / (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("precision", precision());
      m.put("recall", recall());
      m.put("f1", f1());
      m.put("tp", tp);
      m.put("fp", fp);
      m.put("fn", fn);
      return m;
    }
  }

  public record Result(
      LocalDate asOf,
      Map<String, Counts> detectors,
      Counts overall,
      long cleanAccounts,
      long cleanFlagged) {
    public double cleanFlagRate() {
      return cleanAccounts == 0 ? 0.0 : (double) cleanFlagged / cleanAccounts;
    }

    public String json() {
      Map<String, Object> m = new LinkedHashMap<>();
      Map<String, Object> d = new LinkedHashMap<>();
      detectors.forEach((k, v) -> d.put(k, v.json()));
      m.put("as_of_date", asOf.toString());
      m.put("detectors", d);
      m.put("overall", overall.json());
      m.put("clean_flag_rate", cleanFlagRate());
      m.put("clean_accounts", cleanAccounts);
      m.put("clean_flagged", cleanFlagged);
      try {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    public String text() {
      StringBuilder b = new StringBuilder();
      b.append("Anomaly flags as of ").append(asOf).append(" against labels\n");
      b.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s %6s %6s %6s%n",
          "detector", "precision", "recall", "f1", "tp", "fp", "fn"));
      detectors.forEach((k, v) -> b.append(line(k, v)));
      b.append(line("overall", overall));
      b.append(String.format(Locale.ROOT,
          "clean accounts flagged: %d of %d (%.3f%%)%n", cleanFlagged, cleanAccounts,
          100 * cleanFlagRate()));
      return b.toString();
    }

    private static String line(String name, Counts c) {
      return String.format(Locale.ROOT, "%-18s %9.3f %9.3f %9.3f %6d %6d %6d%n",
          name, c.precision(), c.recall(), c.f1(), c.tp(), c.fp(), c.fn());
    }
  }

  /** Reads the labels file: a header, then account_id,detector per line. */
  public static Set<List<String>> readLabels(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("labels file not found: " + file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage(), e);
    }
    if (lines.isEmpty() || !lines.get(0).trim().equals("account_id,detector")) {
      throw new UserError(file + ": expected a header 'account_id,detector'");
    }
    Set<List<String>> out = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (l.isEmpty()) {
        continue;
      }
      String[] parts = l.split(",", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new UserError(file + ": line " + (i + 1) + ": expected account_id,detector, got '" + l + "'");
      }
      out.add(List.of(parts[0].trim(), parts[1].trim()));
    }
    return out;
  }

  /** Compares one night's flags (default: the latest night) with the labels. */
  public static Result evaluate(Lake lake, Path labelsFile, LocalDate asOf) {
    Set<List<String>> labels = readLabels(labelsFile);
    String path = lake.scoredPath(Flags.TABLE);
    if (!lake.exists(path)) {
      throw new UserError(
          "no anomaly flags in lake " + lake.root() + ": run `jss nightly --stages anomalies` first");
    }
    LocalDate date = asOf;
    if (date == null) {
      Row r = lake.read(path).agg(max(Lake.AS_OF_DATE)).head();
      date = r.getDate(0).toLocalDate();
    }
    List<Row> flagRows =
        lake.scoredDate(Flags.TABLE, date).select("account_id", "detector").distinct().collectAsList();
    Set<List<String>> flags = new HashSet<>();
    for (Row r : flagRows) {
      flags.add(List.of(r.getString(0), r.getString(1)));
    }
    Map<String, Counts> per = new LinkedHashMap<>();
    long tpAll = 0;
    long fpAll = 0;
    long fnAll = 0;
    for (String d : Detectors.NAMES) {
      long tp = flags.stream().filter(f -> f.get(1).equals(d) && labels.contains(f)).count();
      long fp = flags.stream().filter(f -> f.get(1).equals(d) && !labels.contains(f)).count();
      long fn = labels.stream().filter(l -> l.get(1).equals(d) && !flags.contains(l)).count();
      per.put(d, new Counts(tp, fp, fn));
      tpAll += tp;
      fpAll += fp;
      fnAll += fn;
    }
    Set<String> labelled = new HashSet<>();
    labels.forEach(l -> labelled.add(l.get(0)));
    long freelancers =
        lake.raw(org.jss.io.Schemas.ACCOUNTS)
            .where(col("role").equalTo("FREELANCER").and(col("created_at").lt(lit(Snapshot.cutoff(date)))))
            .where(org.apache.spark.sql.functions.not(col("account_id").isin(labelled.toArray())))
            .count();
    Set<String> cleanFlagged = new HashSet<>();
    flags.forEach(
        f -> {
          if (!labelled.contains(f.get(0))) {
            cleanFlagged.add(f.get(0));
          }
        });
    return new Result(date, per, new Counts(tpAll, fpAll, fnAll), freelancers, cleanFlagged.size());
  }
}
