package org.jss.anomaly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.jss.base.UserError;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.jss.io.Snapshot;

/**
 * Precision, recall and F1 of one night's {@code anomaly_flags} against ground-truth labels
 * ({@code account_id,detector} rows, as {@code generate} writes them), per detector and overall (micro:
 * every (account, detector) pair counts once), plus the share of freelancer accounts with no labelled case
 * that were flagged by any detector. UNUSUAL_PROFILE names no kind of abuse: its flag on an account
 * planted with one of the seven named kinds counts neither as a hit nor as a false alarm.
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

  /** Planted accounts of one variant family and how many of them their detector flagged. */
  public record Found(long labelled, long flagged) {
    public double recall() {
      return labelled == 0 ? 1.0 : (double) flagged / labelled;
    }
  }

  /**
   * The ground truth: (account_id, detector) pairs, the variant family of each when the file names one,
   * and the near-miss traps (account_id to trap kind) that should not be flagged at all.
   */
  public record Truth(
      Set<List<String>> labels, Map<List<String>, String> families, Map<String, String> traps) {}

  public record Result(
      LocalDate asOf,
      Map<String, Counts> detectors,
      Counts overall,
      long cleanAccounts,
      long cleanFlagged,
      Map<String, Found> families,
      Map<String, Found> traps) {
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
      Map<String, Object> f = new LinkedHashMap<>();
      families.forEach((k, v) -> f.put(k, found(v)));
      m.put("families", f);
      Map<String, Object> t = new LinkedHashMap<>();
      traps.forEach((k, v) -> t.put(k, found(v)));
      m.put("traps", t);
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
      if (!families.isEmpty()) {
        b.append(String.format(Locale.ROOT, "%n%-42s %9s %9s %9s%n",
            "family", "labelled", "flagged", "recall"));
        families.forEach((k, v) -> b.append(foundLine(k, v)));
      }
      if (!traps.isEmpty()) {
        long all = traps.values().stream().mapToLong(Found::labelled).sum();
        long hit = traps.values().stream().mapToLong(Found::flagged).sum();
        b.append(String.format(Locale.ROOT, "%n%-42s %9s %9s %9s%n",
            "trap (should not be flagged)", "accounts", "flagged", "rate"));
        traps.forEach((k, v) -> b.append(foundLine(k, v)));
        b.append(foundLine("all traps", new Found(all, hit)));
      }
      return b.toString();
    }

    private static Map<String, Object> found(Found v) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("accounts", v.labelled());
      m.put("flagged", v.flagged());
      m.put("rate", v.recall());
      return m;
    }

    private static String foundLine(String name, Found v) {
      double rate = v.labelled() == 0 ? 0.0 : (double) v.flagged() / v.labelled();
      return String.format(Locale.ROOT, "%-42s %9d %9d %9.3f%n", name, v.labelled(), v.flagged(), rate);
    }

    private static String line(String name, Counts c) {
      return String.format(Locale.ROOT, "%-18s %9.3f %9.3f %9.3f %6d %6d %6d%n",
          name, c.precision(), c.recall(), c.f1(), c.tp(), c.fp(), c.fn());
    }
  }

  /**
   * Reads the labels file (a header {@code account_id,detector} or {@code account_id,detector,family},
   * then one planted account per line) and, when given, the traps file ({@code account_id,trap}).
   */
  public static Truth readTruth(Path labelsFile, Path trapsFile) {
    Set<List<String>> labels = new HashSet<>();
    Map<List<String>, String> families = new LinkedHashMap<>();
    for (String[] p : rows(labelsFile, List.of("account_id,detector", "account_id,detector,family"))) {
      List<String> key = List.of(p[0], p[1]);
      labels.add(key);
      if (p.length == 3) {
        families.put(key, p[2]);
      }
    }
    Map<String, String> traps = new LinkedHashMap<>();
    if (trapsFile != null) {
      for (String[] p : rows(trapsFile, List.of("account_id,trap"))) {
        traps.put(p[0], p[1]);
      }
    }
    return new Truth(labels, families, traps);
  }

  /** The rows of a small comma-separated file whose header is one of {@code headers}, every field set. */
  private static List<String[]> rows(Path file, List<String> headers) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("file not found: " + file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage(), e);
    }
    String header = lines.isEmpty() ? "" : lines.get(0).trim();
    if (!headers.contains(header)) {
      throw new UserError(
          file + ": expected a header " + String.join(" or ", headers.stream().map(h -> "'" + h + "'").toList()));
    }
    int width = header.split(",").length;
    List<String[]> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (l.isEmpty()) {
        continue;
      }
      String[] parts = l.split(",", -1);
      if (parts.length != width || Arrays.stream(parts).anyMatch(String::isBlank)) {
        throw new UserError(file + ": line " + (i + 1) + ": expected " + header + ", got '" + l + "'");
      }
      out.add(Arrays.stream(parts).map(String::trim).toArray(String[]::new));
    }
    return out;
  }

  /** Compares one night's flags (default: the latest night) with the ground truth. */
  public static Result evaluate(Lake lake, Truth truth, LocalDate asOf) {
    String path = lake.scoredPath(Catalog.ANOMALY_FLAGS.name());
    if (!lake.exists(path)) {
      throw new UserError(
          "no anomaly flags in lake " + lake.root() + ": run `jss nightly --stages anomalies` first");
    }
    LocalDate date = asOf != null ? asOf : lake.latestDate(Catalog.ANOMALY_FLAGS.name()).orElseThrow();
    // The flags of one night: a review queue, small beside the marketplace.
    List<Row> flagRows =
        lake.scoredDate(Catalog.ANOMALY_FLAGS.name(), date).select("account_id", "detector").distinct().collectAsList();
    Set<List<String>> flags = new HashSet<>();
    for (Row r : flagRows) {
      flags.add(List.of(r.getString(0), r.getString(1)));
    }
    Set<String> labelled = labelledAccounts(truth);
    long clean =
        lake.raw(Schemas.ACCOUNTS)
            .where(col("role").equalTo("FREELANCER").and(col("created_at").lt(lit(Snapshot.cutoff(date)))))
            .where(not(col("account_id").isin(labelled.toArray())))
            .count();
    return score(date, truth, flags, clean);
  }

  private static Set<String> labelledAccounts(Truth truth) {
    Set<String> labelled = new HashSet<>();
    truth.labels().forEach(l -> labelled.add(l.get(0)));
    return labelled;
  }

  /**
   * Scores a night's (account_id, detector) flags against the truth: micro counts per detector, recall
   * per variant family (a flag by the labelled detector), and per trap kind the accounts flagged by any
   * detector. {@code cleanAccounts} is the number of freelancer accounts with no label.
   */
  static Result score(LocalDate date, Truth truth, Set<List<String>> flags, long cleanAccounts) {
    Set<List<String>> labels = truth.labels();
    Map<String, Counts> per = new LinkedHashMap<>();
    long tpAll = 0;
    long fpAll = 0;
    long fnAll = 0;
    Set<String> labelled = labelledAccounts(truth);
    for (String d : Detectors.NAMES) {
      // UNUSUAL_PROFILE names no kind of abuse: its flag on an account planted with a named kind is
      // neither a hit nor a false alarm (the account is abusive, and its own detector is scored for it).
      boolean catchAll = d.equals(Detectors.UNUSUAL_PROFILE);
      long tp = flags.stream().filter(f -> f.get(1).equals(d) && labels.contains(f)).count();
      long fp =
          flags.stream()
              .filter(f -> f.get(1).equals(d) && !labels.contains(f))
              .filter(f -> !catchAll || !labelled.contains(f.get(0)))
              .count();
      long fn = labels.stream().filter(l -> l.get(1).equals(d) && !flags.contains(l)).count();
      per.put(d, new Counts(tp, fp, fn));
      tpAll += tp;
      fpAll += fp;
      fnAll += fn;
    }
    Set<String> flaggedAccounts = new HashSet<>();
    flags.forEach(f -> flaggedAccounts.add(f.get(0)));
    long cleanFlagged = flaggedAccounts.stream().filter(a -> !labelled.contains(a)).count();
    Map<String, long[]> fam = new TreeMap<>();
    truth.families().forEach((key, family) -> {
      long[] c = fam.computeIfAbsent(family, k -> new long[2]);
      c[0]++;
      c[1] += flags.contains(key) ? 1 : 0;
    });
    Map<String, long[]> trap = new TreeMap<>();
    truth.traps().forEach((account, kind) -> {
      long[] c = trap.computeIfAbsent(kind, k -> new long[2]);
      c[0]++;
      c[1] += flaggedAccounts.contains(account) ? 1 : 0;
    });
    return new Result(
        date, per, new Counts(tpAll, fpAll, fnAll), cleanAccounts, cleanFlagged, found(fam), found(trap));
  }

  private static Map<String, Found> found(Map<String, long[]> counts) {
    Map<String, Found> out = new LinkedHashMap<>();
    counts.forEach((k, c) -> out.put(k, new Found(c[0], c[1])));
    return out;
  }
}
