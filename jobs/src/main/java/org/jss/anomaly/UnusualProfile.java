package org.jss.anomaly;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code UNUSUAL_PROFILE}: an account unusual on several counts at once, in a way none of the seven named
 * detectors describes. Unsupervised, and explainable by construction:
 *
 * <ul>
 *   <li>Each feature's value is compared with every tested account's (freelancers with at least
 *       {@code min_contracts} visible contracts): its <i>rarity</i> is the share of them with a value at
 *       least as high, an empirical upper-tail p-value. No distribution is assumed, so heavy tails and
 *       counts where most accounts share one value (one device) need no scale or floor.
 *   <li>A feature whose rarity is at most {@code feature_rarity} (a usual value scores 0) contributes
 *       {@code -ln(rarity)} points, up to {@code ln N} for the highest of N. The account's score is the
 *       sum of its features' points, so the flag says which features made it unusual and by how much,
 *       and the parts add up to the score exactly.
 *   <li>The score is the truncated product of the features' p-values (Zaykin, Zhivotovsky, Westfall and
 *       Weir, Genetic Epidemiology 22, 2002): for an ordinary account whose features are independent,
 *       P(score >= s) has a closed form ({@link #chanceOfScore}). Unlike Fisher's product of all k
 *       p-values, the usual features do not dilute the rare ones, so three rare counts of five read as
 *       rare. Which accounts are flagged is the Benjamini-Hochberg step-up over every tested account at
 *       {@code fdr}, as DISPUTE_RATE's: at most that share of the flags expected by chance, at any
 *       marketplace size. One feature alone reaches at most {@code ln N}: an account must be rare on
 *       several counts.
 * </ul>
 *
 * Values are bucketed before their rarity is taken (counts exactly, shares in steps of 5%, pay on a
 * quarter-octave grid), so the distinct values are few: their counts are the one small table brought to
 * the driver, and accounts tied on a value share its rarity (the conservative, "at least as high" count).
 */
final class UnusualProfile {
  private UnusualProfile() {}

  static final String NAME = "UNUSUAL_PROFILE";

  /** Counts above this are one bucket (an account with 80 devices is as rare as one with 50). */
  private static final long COUNT_CAP = 50;

  /** One feature: its column name, how a bucket reads in a sentence, and the noun after the value. */
  private record Feature(String name, LongFunction<String> text, String noun) {}

  private static List<Feature> features(AnomalyConfig c) {
    return List.of(
        new Feature("devices", b -> Long.toString(b), "devices"),
        new Feature("payout_fingerprints", b -> Long.toString(b), "payout fingerprints"),
        new Feature("ip_countries", b -> Long.toString(b), "sign-in countries"),
        new Feature(
            "new_client_share",
            b -> (b * 5) + "%",
            "of contracts from client accounts created at most " + c.unusualNewClientDays()
                + " days before the contract"),
        new Feature(
            "usd_per_contract_day",
            b -> "$" + String.format(Locale.ROOT, "%,.0f", Math.pow(2, b / 4.0)),
            "or more earned per contract-day"));
  }

  static Detector detector(AnomalyConfig c) {
    return new Detector(NAME, in -> flags(c, in));
  }

  private static Dataset<Row> flags(AnomalyConfig c, AnomalyInputs in) {
    List<Feature> fs = features(c);
    Column cutSec = unix_timestamp(lit(in.cutoff()));
    Column days =
        greatest(
            lit(1.0),
            coalesce(col("duration_days"), cutSec.minus(unix_timestamp(col("started_at"))).divide(86400.0)));
    Column newClient = col("client_age_days").leq(c.unusualNewClientDays());
    Dataset<Row> work =
        in.contracts()
            .groupBy("freelancer_id")
            .agg(
                count(lit(1)).as("n"),
                sum(when(newClient, 1).otherwise(0)).as("new_clients"),
                // Exact sums: the bucket an account falls in must not depend on row order.
                sum(col("earnings").cast("decimal(28,2)")).cast("double").as("usd"),
                sum(days.cast("decimal(28,6)")).cast("double").as("days"))
            .where(col("n").geq(c.unusualMinContracts()));
    // Devices and payout fingerprints from the night's distinct (account, identifier) pairs, which the
    // identity detectors share; countries from the sign-ins.
    Dataset<Row> ids =
        in.identifiers()
            .groupBy(col("account_id").as("freelancer_id"))
            .agg(
                sum(when(col("kind").equalTo("device"), 1L).otherwise(0L)).as("devices"),
                sum(when(col("kind").equalTo("payout fingerprint"), 1L).otherwise(0L))
                    .as("payout_fingerprints"));
    Dataset<Row> countries =
        in.snapshot()
            .accountSignals()
            .where(col("ip_country").isNotNull())
            .groupBy(col("account_id").as("freelancer_id"))
            .agg(countDistinct("ip_country").as("ip_countries"));
    Column cap = lit(COUNT_CAP);
    Dataset<Row> profile =
        work.join(ids, "freelancer_id", "left")
            .join(countries, "freelancer_id", "left")
            .select(
                col("freelancer_id"),
                col("n"),
                least(coalesce(col("devices"), lit(0L)), cap).as("devices"),
                least(coalesce(col("payout_fingerprints"), lit(0L)), cap).as("payout_fingerprints"),
                least(coalesce(col("ip_countries"), lit(0L)), cap).as("ip_countries"),
                floor(col("new_clients").multiply(20).divide(col("n"))).as("new_client_share"),
                floor(log(2.0, greatest(lit(1.0), col("usd").divide(col("days")))).multiply(4))
                    .as("usd_per_contract_day"))
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());

    // How many tested accounts have each bucket of each feature: a table of at most a few hundred rows.
    List<Column> pairs = new ArrayList<>();
    for (Feature f : fs) {
      pairs.add(struct(lit(f.name()).as("feature"), col(f.name()).cast("long").as("bucket")));
    }
    List<Row> counts =
        profile
            .select(explode(array(pairs.toArray(Column[]::new))).as("x"))
            .groupBy(col("x.feature").as("feature"), col("x.bucket").as("bucket"))
            .agg(count(lit(1)).as("accounts"))
            .collectAsList();
    Map<String, TreeMap<Long, Long>> byFeature = new TreeMap<>();
    for (Row r : counts) {
      byFeature.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getLong(1), r.getLong(2));
    }
    long tested = byFeature.isEmpty() ? 0 : byFeature.values().iterator().next().values().stream()
        .mapToLong(Long::longValue).sum();
    if (tested == 0) {
      profile.unpersist();
      return Flags.of(in.snapshot().accounts().sparkSession(), List.of());
    }

    // Each feature's points: -ln(rarity) when the rarity is at most feature_rarity, else 0.
    double tau = c.unusualFeatureRarity();
    Map<String, Tail> tails = new TreeMap<>();
    Dataset<Row> withPoints = profile;
    Column score = lit(0.0);
    for (Feature f : fs) {
      Tail t = Tail.of(byFeature.getOrDefault(f.name(), new TreeMap<>()), tested);
      tails.put(f.name(), t);
      List<Column> keys = new ArrayList<>();
      List<Column> vals = new ArrayList<>();
      t.shares().forEach((b, share) -> {
        keys.add(lit(b));
        vals.add(lit(share <= tau ? -Math.log(share) : 0.0));
      });
      Column map = map_from_arrays(array(keys.toArray(Column[]::new)), array(vals.toArray(Column[]::new)));
      withPoints = withPoints.withColumn(f.name() + "_points", element_at(map, col(f.name()).cast("long")));
      score = score.plus(col(f.name() + "_points"));
    }
    int k = fs.size();
    Dataset<Row> scored =
        withPoints.withColumn("score", score).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    double threshold = stepUpThreshold(scored, k, tau, tested, c.unusualFdr());
    // The flagged accounts: a review queue's worth, built into sentences on the driver.
    Dataset<Row> flagged = scored.where(col("score").geq(threshold));
    // The new clients' contracts of the flagged accounts only: a list per account is an object
    // aggregate, not worth building for every tested account.
    Dataset<Row> evidence =
        in.contracts()
            .where(newClient)
            .join(broadcast(flagged.select("freelancer_id")), "freelancer_id")
            .groupBy("freelancer_id")
            .agg(slice(array_sort(collect_list(col("contract_id"))), 1, 10).as("contracts"));
    List<Row> hits =
        flagged
            .join(evidence, "freelancer_id", "left")
            .collectAsList();
    scored.unpersist();
    profile.unpersist();
    hits = new ArrayList<>(hits);
    hits.sort(Comparator.comparing(r -> r.<String>getAs("freelancer_id")));
    List<Row> out = new ArrayList<>();
    for (Row r : hits) {
      double s = r.getAs("score");
      double p = chanceOfScore(k, tau, s);
      record Part(Feature f, long bucket, double points) {}
      List<Part> parts = new ArrayList<>();
      for (Feature f : fs) {
        parts.add(new Part(f, ((Number) r.getAs(f.name())).longValue(), r.getAs(f.name() + "_points")));
      }
      parts.sort(Comparator.comparingDouble(Part::points).reversed());
      List<String> said = new ArrayList<>();
      List<String> sum = new ArrayList<>();
      for (Part x : parts) {
        if (x.points() <= 0) {
          continue;
        }
        Tail t = tails.get(x.f().name());
        said.add(String.format(Locale.ROOT, "%s %s (%s of them have as many; usually %s)",
            x.f().text().apply(x.bucket()), x.f().noun(), share(t.share(x.bucket())),
            x.f().text().apply(t.median())));
        sum.add(String.format(Locale.ROOT, "%s %.1f", x.f().name(), x.points()));
      }
      String id = r.getAs("freelancer_id");
      String sentence =
          String.format(
              Locale.ROOT,
              "Freelancer %s is unusual on several counts at once among the %,d freelancers with %d or"
                  + " more contracts: %s. Rarity points (-ln of the share of accounts at least as"
                  + " high) %.1f = %s; an ordinary account with independent features scores this high"
                  + " with %s (threshold %.1f: one of %,d accounts tested tonight, at most %s%% of such"
                  + " flags expected by chance).",
              id, tested, c.unusualMinContracts(), String.join("; ", said), s, String.join(" + ", sum),
              Stats.pText(p), threshold, tested, fmt(100 * c.unusualFdr()));
      out.add(
          Flags.row(
              id, NAME, s >= threshold + Math.log(1000) ? "MEDIUM" : "LOW", Stats.scoreFromP(p),
              sentence, "profile_rarity_points", s, threshold, p, null, List.of(),
              r.isNullAt(r.fieldIndex("contracts")) ? List.of() : r.getList(r.fieldIndex("contracts"))));
    }
    return Flags.of(in.snapshot().accounts().sparkSession(), out);
  }

  /** Scores are counted on a grid of this many buckets per point for the step-up. */
  private static final int GRID = 100;

  /**
   * The Benjamini-Hochberg step-up over every tested account at false discovery rate {@code fdr}, as
   * DISPUTE_RATE's: the lowest score s such that the accounts scoring at least s number at least
   * P(S >= s) m / fdr. Scores are counted in buckets of 1/GRID point from the score where P = fdr up
   * (a table of at most a few thousand rows, whatever the marketplace's size), and a bucket is judged by
   * its lower edge, the larger chance: the accepted set is the exact step-up's or a subset of it.
   */
  private static double stepUpThreshold(Dataset<Row> scored, int k, double tau, long m, double fdr) {
    double from = threshold(k, tau, fdr);
    List<Row> grid =
        scored
            .where(col("score").geq(from))
            .groupBy(floor(col("score").multiply(GRID)).as("b"))
            .agg(count(lit(1)).as("n"))
            .collectAsList();
    TreeMap<Long, Long> perBucket = new TreeMap<>();
    grid.forEach(r -> perBucket.put(r.getLong(0), r.getLong(1)));
    long atLeast = 0;
    double accepted = Double.POSITIVE_INFINITY;
    for (Map.Entry<Long, Long> e : perBucket.descendingMap().entrySet()) {
      atLeast += e.getValue();
      double lower = (double) e.getKey() / GRID;
      if (chanceOfScore(k, tau, lower) <= fdr * atLeast / m) {
        accepted = lower;
      }
    }
    return Math.max(accepted, from);
  }

  /**
   * One feature's buckets over the tested accounts: the share of them with a bucket at least as high
   * (the rarity) and the median bucket.
   */
  record Tail(TreeMap<Long, Double> shares, long median) {
    static Tail of(TreeMap<Long, Long> counts, long total) {
      TreeMap<Long, Double> shares = new TreeMap<>();
      long atLeast = 0;
      for (Map.Entry<Long, Long> e : counts.descendingMap().entrySet()) {
        atLeast += e.getValue();
        shares.put(e.getKey(), (double) atLeast / total);
      }
      long below = 0;
      long median = counts.isEmpty() ? 0 : counts.firstKey();
      for (Map.Entry<Long, Long> e : counts.entrySet()) {
        below += e.getValue();
        if (2 * below >= total) {
          median = e.getKey();
          break;
        }
      }
      return new Tail(shares, median);
    }

    double share(long bucket) {
      return shares.getOrDefault(bucket, 1.0);
    }
  }

  /**
   * P(S >= s) for an ordinary account with k independent features, S the sum of -ln p over the features
   * whose p is at most tau (the truncated product W = e^-S): P(W <= w) = sum over j = 1..k of
   * C(k, j) (1 - tau)^(k - j) H_j, where H_j = w sum over i < j of (j ln tau - ln w)^i / i! when
   * w <= tau^j, else tau^j (Zaykin et al. 2002, equation 1).
   */
  static double chanceOfScore(int k, double tau, double s) {
    if (s <= 0) {
      return 1.0;
    }
    double t = -Math.log(tau);
    double total = 0;
    double choose = 1;
    for (int j = 1; j <= k; j++) {
      choose = choose * (k - j + 1) / j;
      double h;
      if (s >= j * t) {
        double x = s - j * t;
        double term = 1;
        double sum = 1;
        for (int i = 1; i < j; i++) {
          term *= x / i;
          sum += term;
        }
        h = Math.exp(-s) * sum;
      } else {
        h = Math.pow(tau, j);
      }
      total += choose * Math.pow(1 - tau, k - j) * h;
    }
    return Math.min(1.0, total);
  }

  /** The score whose chance is {@code p} (bisection; the chance falls as the score grows). */
  static double threshold(int k, double tau, double p) {
    double lo = 0;
    double hi = 1;
    while (chanceOfScore(k, tau, hi) > p) {
      hi *= 2;
    }
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (chanceOfScore(k, tau, mid) > p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  private static String share(double s) {
    return s >= 0.01
        ? String.format(Locale.ROOT, "%.0f%%", 100 * s)
        : String.format(Locale.ROOT, "%.2g%%", 100 * s);
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
