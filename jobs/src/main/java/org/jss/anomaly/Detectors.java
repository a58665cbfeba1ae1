package org.jss.anomaly;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The detectors of SPEC section 7, each built from {@link AnomalyConfig}. Every detector flags the
 * freelancer account and returns rows of {@link Flags#SCHEMA}. Cheap Column conditions shrink each
 * population to a small candidate set before any statistic that needs the driver is computed.
 */
public final class Detectors {
  private Detectors() {}

  public static final String SELF_DEALING = "SELF_DEALING";
  public static final String MULTI_ACCOUNT = "MULTI_ACCOUNT";
  public static final String FEEDBACK_RING = "FEEDBACK_RING";
  public static final String JSS_FARMING = "JSS_FARMING";
  public static final String DISPUTE_RATE = "DISPUTE_RATE";
  public static final String EARNINGS_SPIKE = "EARNINGS_SPIKE";
  public static final String LOCATION_MISMATCH = "LOCATION_MISMATCH";
  public static final String UNUSUAL_PROFILE = UnusualProfile.NAME;

  public static final List<String> NAMES =
      List.of(
          SELF_DEALING, MULTI_ACCOUNT, FEEDBACK_RING, JSS_FARMING, DISPUTE_RATE, EARNINGS_SPIKE,
          LOCATION_MISMATCH, UNUSUAL_PROFILE);

  public static List<Detector> all(AnomalyConfig c) {
    return List.of(
        selfDealing(c), multiAccount(c), feedbackRing(c), jssFarming(c), disputeRate(c),
        earningsSpike(c), locationMismatch(c), UnusualProfile.detector(c));
  }

  /**
   * Dollar amounts that came from cents, summed or averaged exactly: a floating-point sum depends on the
   * order rows arrive in, and a rerun must give the same flags to the last bit.
   */
  private static final String CENTS = "decimal(28,2)";

  private static Column noStrings() {
    return array().cast("array<string>");
  }

  /**
   * The value with the largest count; among equally frequent ones the first by name, so the choice does
   * not depend on the order rows arrive in (max_by over the count alone would).
   */
  private static Column mostFrequent(Column value, Column count) {
    return min_by(value, struct(count.multiply(-1), value));
  }

  /**
   * Pairs of distinct accounts that share a device or payout fingerprint, both directions: columns
   * kind, token, a, b. Identifiers seen on more than {@code maxAccountsPerIdentifier} accounts (a shared
   * office machine, a payment processor's placeholder) say nothing about one person and are skipped.
   */
  static Dataset<Row> sharedPairs(AnomalyInputs in, int cap) {
    Dataset<Row> shared =
        in.identifiers()
            .groupBy("kind", "token")
            .agg(collect_set("account_id").as("accts"))
            .where(size(col("accts")).between(2, cap));
    return shared
        .select(col("kind"), col("token"), col("accts"), explode(col("accts")).as("a"))
        .select(col("kind"), col("token"), col("a"), explode(col("accts")).as("b"))
        .where(col("a").notEqual(col("b")));
  }

  // ------------------------------------------------------------------ SELF_DEALING

  /** A client and the freelancer on the same contract share a payout fingerprint or a device. */
  static Detector selfDealing(AnomalyConfig c) {
    return new Detector(
        SELF_DEALING,
        in -> {
          Dataset<Row> pairs = sharedPairs(in, c.maxAccountsPerIdentifier());
          Dataset<Row> hits =
              in.contracts()
                  .join(
                      pairs,
                      col("freelancer_id").equalTo(col("a")).and(col("client_id").equalTo(col("b"))))
                  .groupBy("freelancer_id")
                  .agg(
                      array_sort(collect_set("client_id")).as("linked_accounts"),
                      array_sort(collect_set("contract_id")).as("contracts"),
                      array_sort(collect_set("kind")).as("kinds"),
                      collect_set(struct(col("contract_id"), col("earnings"))).as("ce"));
          Column n = size(col("contracts"));
          Column usd =
              org.apache.spark.sql.functions.aggregate(
                  col("ce"), lit(0.0), (acc, x) -> acc.plus(x.getField("earnings")));
          return Flags.conform(
              hits.select(
                  col("freelancer_id").as("account_id"),
                  lit(SELF_DEALING).as("detector"),
                  when(n.geq(2), lit("HIGH")).otherwise(lit("MEDIUM")).as("severity"),
                  least(lit(100.0), lit(50.0).plus(n.multiply(10))).as("score"),
                  format_string(
                          "Freelancer %s was paid $%s on %d contract(s) (%s) by client account(s) %s"
                              + " that use the freelancer's own %s: the freelancer may be hiring"
                              + " themselves.",
                          col("freelancer_id"),
                          format_number(usd, 2),
                          n,
                          array_join(col("contracts"), ", "),
                          array_join(col("linked_accounts"), ", "),
                          array_join(col("kinds"), " and "))
                      .as("sentence"),
                  lit("contracts_with_client_sharing_identifier").as("metric"),
                  n.cast("double").as("value"),
                  lit(0.0).as("baseline"),
                  lit(null).as("p_value"),
                  lit(null).as("z"),
                  col("linked_accounts"),
                  col("contracts")));
        });
  }

  // ------------------------------------------------------------------ MULTI_ACCOUNT

  /** Several freelancer accounts share a payout fingerprint or a device: one group per component. */
  static Detector multiAccount(AnomalyConfig c) {
    return new Detector(
        MULTI_ACCOUNT,
        in -> {
          Dataset<Row> fl = in.freelancers().select("freelancer_id");
          Dataset<Row> edges =
              sharedPairs(in, c.maxAccountsPerIdentifier())
                  .where(col("a").lt(col("b")))
                  .join(fl.select(col("freelancer_id").as("a")), "a")
                  .join(fl.select(col("freelancer_id").as("b")), "b")
                  .select(col("a").as("src"), col("b").as("dst"), col("kind"))
                  .localCheckpoint();
          Dataset<Row> comps = Components.of(edges, c.componentRounds());
          Dataset<Row> groups =
              comps
                  .groupBy("component")
                  .agg(array_sort(collect_set("vertex")).as("members"));
          Dataset<Row> kinds =
              edges
                  .join(comps, col("src").equalTo(col("vertex")))
                  .groupBy("component")
                  .agg(array_sort(collect_set("kind")).as("kinds"));
          Dataset<Row> rows =
              comps.join(groups, "component").join(kinds, "component");
          Column n = size(col("members"));
          return Flags.conform(
              rows.select(
                  col("vertex").as("account_id"),
                  lit(MULTI_ACCOUNT).as("detector"),
                  when(array_contains(col("kinds"), "payout fingerprint"), lit("HIGH"))
                      .otherwise(lit("MEDIUM"))
                      .as("severity"),
                  least(lit(100.0), lit(40.0).plus(n.multiply(15))).as("score"),
                  format_string(
                          "%d freelancer accounts (%s) share one %s: they may be one person with"
                              + " several accounts.",
                          n,
                          array_join(col("members"), ", "),
                          array_join(col("kinds"), " and "))
                      .as("sentence"),
                  lit("freelancer_accounts_sharing_identifier").as("metric"),
                  n.cast("double").as("value"),
                  lit(1.0).as("baseline"),
                  lit(null).as("p_value"),
                  lit(null).as("z"),
                  array_remove(col("members"), col("vertex")).as("linked_accounts"),
                  noStrings().as("contracts")));
        });
  }

  // ------------------------------------------------------------------ FEEDBACK_RING

  /** Quick, small, paid contracts rated top by both sides (a side that gave no rating does not count). */
  static Column quickTopRated(AnomalyConfig c) {
    return col("ended_at")
        .isNotNull()
        .and(col("duration_days").leq(c.quickMaxDays()))
        .and(col("earnings").gt(0))
        .and(col("earnings").leq(c.quickMaxUsd()))
        .and(col("client_rating").geq(c.ringMinRating()))
        .and(col("freelancer_rating").isNull().or(col("freelancer_rating").geq(c.ringMinRating())));
  }

  /**
   * A group of freelancers and clients trading quick, small, top-rated contracts among themselves. The
   * clients are those whose business is mostly such contracts ({@code min_client_share} of their visible
   * contracts); an edge is a freelancer-client pair with such a contract that lies on a 4-cycle (a second
   * freelancer who also worked for this client shares a second such client with this freelancer), so
   * one client hiring many freelancers, or one freelancer with many clients, makes no group on its own;
   * groups are the connected components of those edges, of any size from two freelancers and two
   * clients up. A member is flagged when its group holds {@code min_freelancers} freelancers and {@code
   * min_group_contracts} such contracts and the member traded with {@code min_clients_per_member} of the
   * group's clients.
   */
  static Detector feedbackRing(AnomalyConfig c) {
    return new Detector(
        FEEDBACK_RING,
        in -> {
          Column qtr = when(quickTopRated(c), 1).otherwise(0);
          Dataset<Row> ringClients =
              in.contracts()
                  .groupBy("client_id")
                  .agg(count(lit(1)).as("client_contracts"), sum(qtr).as("client_qtr"))
                  .where(
                      col("client_qtr")
                          .geq(2)
                          .and(
                              col("client_qtr")
                                  .geq(col("client_contracts").multiply(c.ringMinClientShare()))));
          Dataset<Row> pairs =
              in.contracts()
                  .where(quickTopRated(c))
                  .join(ringClients, "client_id")
                  .groupBy("freelancer_id", "client_id")
                  .agg(
                      count(lit(1)).as("n"),
                      collect_list("contract_id").as("cids"),
                      first("client_contracts").as("client_contracts"))
                  .localCheckpoint();
          // Freelancer pairs sharing at least two such clients: their edges to those clients are on a
          // 4-cycle.
          Dataset<Row> e1 = pairs.select(col("freelancer_id").as("f1"), col("client_id"));
          Dataset<Row> e2 = pairs.select(col("freelancer_id").as("f2"), col("client_id"));
          Dataset<Row> cycles =
              e1.join(e2, "client_id")
                  .where(col("f1").lt(col("f2")))
                  .groupBy("f1", "f2")
                  .agg(collect_list("client_id").as("shared"))
                  .where(size(col("shared")).geq(2));
          Dataset<Row> onCycle =
              cycles
                  .select(explode(array(col("f1"), col("f2"))).as("freelancer_id"), col("shared"))
                  .select(col("freelancer_id"), explode(col("shared")).as("client_id"))
                  .distinct();
          Dataset<Row> edges = pairs.join(onCycle, new String[] {"freelancer_id", "client_id"}).localCheckpoint();
          Dataset<Row> comps =
              Components.of(
                  edges.select(col("freelancer_id").as("src"), col("client_id").as("dst")),
                  c.componentRounds());
          Dataset<Row> member =
              edges.join(comps, col("freelancer_id").equalTo(col("vertex"))).drop("vertex");
          Dataset<Row> groupClients =
              member
                  .groupBy("component", "client_id")
                  .agg(first("client_contracts").as("client_contracts"));
          Dataset<Row> group =
              member
                  .groupBy("component")
                  .agg(
                      array_sort(collect_set("freelancer_id")).as("group_freelancers"),
                      array_sort(collect_set("client_id")).as("group_clients"),
                      sum("n").as("group_contracts"))
                  .join(
                      groupClients.groupBy("component").agg(sum("client_contracts").as("clients_total")),
                      "component")
                  .where(
                      size(col("group_freelancers"))
                          .geq(c.ringMinFreelancers())
                          .and(col("group_contracts").geq(c.ringMinGroupContracts())));
          Dataset<Row> perFreelancer =
              member
                  .groupBy("component", "freelancer_id")
                  .agg(
                      countDistinct("client_id").as("clients"),
                      array_sort(flatten(collect_list("cids"))).as("contracts"))
                  .join(group, "component")
                  .where(col("clients").geq(c.ringMinClientsPerMember()));
          Column n = size(col("contracts"));
          return Flags.conform(
              perFreelancer.select(
                  col("freelancer_id").as("account_id"),
                  lit(FEEDBACK_RING).as("detector"),
                  lit("HIGH").as("severity"),
                  least(lit(100.0), lit(50.0).plus(n.multiply(2))).as("score"),
                  format_string(
                          "Freelancer %s is one of %d freelancers trading %d quick, small, top-rated"
                              + " contracts with the same %d client accounts (%s), %d of those clients'"
                              + " %d contracts in all; this freelancer has %d of them (%s).",
                          col("freelancer_id"),
                          size(col("group_freelancers")),
                          col("group_contracts"),
                          size(col("group_clients")),
                          array_join(col("group_clients"), ", "),
                          col("group_contracts"),
                          col("clients_total"),
                          n,
                          array_join(col("contracts"), ", "))
                      .as("sentence"),
                  // How much of the group clients' business stays inside the group, against the
                  // share that makes a client part of a ring.
                  lit("group_share_of_clients_contracts").as("metric"),
                  col("group_contracts").divide(col("clients_total")).as("value"),
                  lit(c.ringMinClientShare()).as("baseline"),
                  lit(null).as("p_value"),
                  lit(null).as("z"),
                  concat(
                          array_remove(col("group_freelancers"), col("freelancer_id")),
                          col("group_clients"))
                      .as("linked_accounts"),
                  col("contracts")));
        });
  }

  // ------------------------------------------------------------------ JSS_FARMING

  /**
   * A burst of tiny, quick, top-rated contracts from brand-new clients in the recent window, tested
   * against the marketplace's rate of such contracts per active freelancer (Poisson upper tail).
   */
  static Detector jssFarming(AnomalyConfig c) {
    return new Detector(
        JSS_FARMING,
        in -> {
          Timestamp from = daysBefore(in.cutoff(), c.farmingWindowDays());
          Dataset<Row> recent = in.contracts().where(col("started_at").geq(lit(from)));
          Column fromNewClient =
              col("client_age_days").leq(c.farmingNewClientDays()).and(col("earnings").leq(c.farmingMaxUsd()));
          Column done =
              col("ended_at")
                  .isNotNull()
                  .and(col("duration_days").leq(c.farmingMaxDays()))
                  .and(col("earnings").gt(0))
                  .and(col("client_rating").geq(c.topRating()))
                  .and(fromNewClient);
          // A burst is still running while it is farmed: the new clients' contracts still open (nothing
          // or a tiny sum paid so far) belong to it and count towards its size. The test is on the
          // completed, top-rated ones against the marketplace's rate of those, and they must be at least
          // half the burst: "top-rated" is part of what farming is, and an open contract has no rating
          // yet (honest new clients' open contracts are common, and would only blur the rate).
          Column open = col("ended_at").isNull().and(fromNewClient);
          Column burst = done.or(open);
          Row totals =
              recent
                  .agg(
                      sum(when(done, 1).otherwise(0)).as("k"),
                      countDistinct("freelancer_id").as("active"))
                  .head();
          long k = totals.isNullAt(0) ? 0 : totals.getLong(0);
          long active = totals.getLong(1);
          // Only bursts with enough completed contracts to pass the test come to the driver: the fewest
          // that can, tested against the leave-one-out rate they leave (the tail falls as the count grows).
          long fewest = 1;
          while (fewest <= k
              && Stats.poissonUpperTail((int) fewest, leaveOneOutRate(k, fewest, active)) > c.farmingAlpha()) {
            fewest++;
          }
          List<Row> cands =
              recent
                  .where(burst)
                  .groupBy("freelancer_id")
                  .agg(
                      count(lit(1)).as("n"),
                      array_sort(collect_list("contract_id")).as("contracts"),
                      array_sort(collect_set("client_id")).as("clients"),
                      sum(when(done, 1).otherwise(0)).as("done"))
                  .where(
                      col("n")
                          .geq(c.farmingMinContracts())
                          .and(col("done").multiply(2).geq(col("n")))
                          .and(col("done").geq(fewest)))
                  .collectAsList();
          List<Row> out = new ArrayList<>();
          for (Row r : cands) {
            int n = (int) r.getLong(1);
            int completed = (int) r.getLong(4);
            double rate = leaveOneOutRate(k, completed, active);
            double p = Stats.poissonUpperTail(completed, rate);
            if (p > c.farmingAlpha()) {
              continue;
            }
            List<String> contracts = r.getList(2);
            List<String> clients = r.getList(3);
            out.add(
                Flags.row(
                    r.getString(0), JSS_FARMING, n >= 2 * c.farmingMinContracts() ? "HIGH" : "MEDIUM",
                    Stats.scoreFromP(p),
                    String.format(
                        Locale.ROOT,
                        "In the last %d days freelancer %s completed %d tiny (at most $%.0f), quick,"
                            + " top-rated contracts for client accounts created at most %d days"
                            + " before hiring, and has %d more such clients' contracts still open"
                            + " (%d client accounts in all); the marketplace averages %.3f such contracts"
                            + " per active freelancer (%s).",
                        c.farmingWindowDays(), r.getString(0), completed, c.farmingMaxUsd(),
                        c.farmingNewClientDays(), n - completed, clients.size(), rate, Stats.pText(p)),
                    "tiny_top_rated_contracts_from_new_clients", completed, rate, p, null, clients,
                    contracts));
          }
          return Flags.of(in.snapshot().accounts().sparkSession(), out);
        });
  }

  /** The marketplace's rate per active freelancer without this freelancer's own {@code own} contracts. */
  private static double leaveOneOutRate(long all, long own, long active) {
    return active <= 1 ? 0.0 : (double) (all - own) / (active - 1);
  }

  // ------------------------------------------------------------------ DISPUTE_RATE

  /**
   * Disputes lost (decided for the client) far above the peer rate for the category (SPEC 7): one
   * binomial test per (freelancer, category) with enough contracts, visible contracts open or ended, at
   * the rate of the other freelancers' contracts in that category (leave-one-out, so an abuser does not
   * raise the rate it is tested against). Which tests become flags is decided by the Benjamini-Hochberg
   * step-up over all tests of the night at false discovery rate {@code fdr}: the threshold follows from
   * what a reviewer accepts (at most that share of the queue expected to be chance), whatever the size
   * of the marketplace, instead of one fixed p-value. A freelancer is flagged once, for its most
   * significant category.
   */
  static Detector disputeRate(AnomalyConfig c) {
    return new Detector(
        DISPUTE_RATE,
        in -> {
          // Every visible contract is in the sample, open ones too: a dispute decided while the
          // contract runs is as lost as one on an ended contract (SPEC 4 shows its outcome once
          // closed_at is visible), and the category rates use the same population.
          Column lostInt = when(col("lost"), 1).otherwise(0);
          // Counts per cell over every contract (a hash aggregate with numeric buffers); the lists of
          // evidence only over the lost contracts, a small share of them (lists need the sort-based
          // object aggregate).
          Dataset<Row> perCell =
              in.contracts()
                  .groupBy("freelancer_id", "category")
                  .agg(count(lit(1)).as("n"), sum(lostInt).as("k"));
          Dataset<Row> lostLists =
              in.contracts()
                  .where(col("lost"))
                  .groupBy("freelancer_id", "category")
                  .agg(
                      array_sort(collect_list(col("contract_id"))).as("contracts"),
                      array_sort(collect_set(col("client_id"))).as("clients"));
          // The category totals come from the cells: one scan of the contracts, not two.
          Dataset<Row> cats =
              perCell.groupBy("category").agg(sum("n").as("cat_n"), sum("k").as("cat_k"));
          Dataset<Row> cells =
              perCell
                  .join(broadcast(cats), "category")
                  .join(lostLists, new String[] {"freelancer_id", "category"}, "left")
                  .withColumn("contracts", coalesce(col("contracts"), noStrings()))
                  .withColumn("clients", coalesce(col("clients"), noStrings()))
                  .withColumn(
                      "peer_rate",
                      when(col("cat_n").gt(col("n")),
                              col("cat_k").minus(col("k")).divide(col("cat_n").minus(col("n"))))
                          .otherwise(lit(0.0)));
          Column tested = col("n").geq(c.disputeMinContracts());
          Column candidate =
              tested
                  .and(col("k").geq(c.disputeMinLost()))
                  .and(col("k").geq(col("n").multiply(col("peer_rate")).multiply(c.disputeMinRatio())));
          // One pass: the number of tests (the m of the step-up) and the few candidates beside it.
          Row r =
              cells
                  .agg(
                      sum(when(tested, 1).otherwise(0)).as("m"),
                      collect_list(
                              when(candidate,
                                  struct(
                                      col("freelancer_id"), col("category"), col("n"), col("k"),
                                      col("peer_rate"), col("contracts"), col("clients"))))
                          .as("cands"))
                  .head();
          long m = r.isNullAt(0) ? 0 : r.getLong(0);
          List<Row> cands = r.getList(1);
          record Test(Row cell, double p) {}
          List<Test> tests = new ArrayList<>();
          for (Row x : cands) {
            int n = (int) x.getLong(2);
            tests.add(new Test(x, Stats.binomialUpperTail((int) x.getLong(3), n, x.getDouble(4))));
          }
          tests.sort(
              Comparator.comparingDouble(Test::p)
                  .thenComparing(t -> t.cell().getString(0))
                  .thenComparing(t -> t.cell().getString(1)));
          int accepted = Stats.stepUp(tests.stream().mapToDouble(Test::p).toArray(), m, c.disputeFdr());
          List<Row> out = new ArrayList<>();
          Set<String> seen = new HashSet<>();
          for (int i = 0; i < accepted; i++) {
            Row x = tests.get(i).cell();
            double p = tests.get(i).p();
            String id = x.getString(0);
            if (!seen.add(id)) {
              continue; // already flagged for a more significant category
            }
            int n = (int) x.getLong(2);
            int k = (int) x.getLong(3);
            double peer = x.getDouble(4);
            String sev = p <= 1e-9 ? "HIGH" : "MEDIUM";
            out.add(
                Flags.row(
                    id, DISPUTE_RATE, sev, Stats.scoreFromP(p),
                    String.format(
                        Locale.ROOT,
                        "Freelancer %s lost disputes on %d of its %d %s contracts (%.1f%%), where other"
                            + " freelancers' %s contracts end in a lost dispute %.2f%% of the time"
                            + " (%s; one of %d freelancer-category tests tonight, at most %.0f%% of"
                            + " such flags expected by chance).",
                        id, k, n, x.getString(1), 100.0 * k / n, x.getString(1), 100.0 * peer,
                        Stats.pText(p), m, 100 * c.disputeFdr()),
                    "lost_dispute_rate_in_category", (double) k / n, peer, p, null, x.getList(6),
                    x.getList(5)));
          }
          return Flags.of(in.snapshot().accounts().sparkSession(), out);
        });
  }

  // ------------------------------------------------------------------ EARNINGS_SPIKE

  /**
   * Earnings in the recent window far above the account's own monthly history (median/MAD robust z and
   * ratio to its own mean) and above its peers of the same main category and tenure (robust z against the
   * median/MAD of earning peers' recent windows).
   */
  static Detector earningsSpike(AnomalyConfig c) {
    return new Detector(
        EARNINGS_SPIKE,
        in -> {
          int w = c.spikeWindowDays();
          int h = c.spikeHistoryMonths();
          Column cutSec = unix_timestamp(lit(in.cutoff()));
          // The one read of payments in the stage: summed per contract and window-sized bucket before
          // meeting the contracts (partial aggregation shrinks the rows the join shuffles), as exact
          // decimals, so the sums below are the same however rows are ordered or grouped.
          Dataset<Row> contractBuckets =
              in.snapshot()
                  .payments()
                  .select(
                      col("contract_id"),
                      floor(cutSec.minus(unix_timestamp(col("paid_at"))).divide(86400.0 * w))
                          .as("bucket"),
                      col("amount_usd"))
                  .where(col("bucket").leq(h))
                  .groupBy("contract_id", "bucket")
                  .agg(sum(col("amount_usd")).as("amount"))
                  .join(in.contracts().select("contract_id", "freelancer_id"), "contract_id")
                  .persist(StorageLevel.MEMORY_AND_DISK());
          // One row per freelancer and 30-day bucket: the recent window, the peers and the histories all
          // read it (cached, so each is a scan of it, not a re-aggregation).
          Dataset<Row> buckets =
              contractBuckets
                  .groupBy("freelancer_id", "bucket")
                  .agg(sum(col("amount")).cast("double").as("usd"))
                  .persist(StorageLevel.MEMORY_AND_DISK());
          // Main category (the most frequent among its contracts) and tenure band of every freelancer.
          Dataset<Row> mainCat =
              in.contracts()
                  .groupBy("freelancer_id", "category")
                  .agg(count(lit(1)).as("n"))
                  .groupBy("freelancer_id")
                  .agg(mostFrequent(col("category"), col("n")).as("main_category"));
          Dataset<Row> profile =
              in.freelancers()
                  .join(mainCat, "freelancer_id")
                  .withColumn(
                      "months",
                      floor(cutSec.minus(unix_timestamp(col("created_at"))).divide(86400.0 * w)))
                  .withColumn("tenure_band", least(floor(col("months").divide(12)), lit(3)))
                  .persist(StorageLevel.MEMORY_AND_DISK());
          Dataset<Row> recent =
              buckets.where(col("bucket").equalTo(0)).select(col("freelancer_id"), col("usd").as("recent"));
          Dataset<Row> earning =
              recent
                  .where(col("recent").gt(0))
                  .join(profile, "freelancer_id")
                  .persist(StorageLevel.MEMORY_AND_DISK());
          Dataset<Row> peer =
              earning
                  .groupBy("main_category", "tenure_band")
                  .agg(percentile_approx(col("recent"), lit(0.5), lit(10000)).as("peer_median"),
                      count(lit(1)).as("peers"));
          Dataset<Row> peerMad =
              earning
                  .join(peer, new scala.collection.immutable.Set.Set2<>("main_category", "tenure_band").toSeq())
                  .groupBy("main_category", "tenure_band")
                  .agg(
                      percentile_approx(abs(col("recent").minus(col("peer_median"))), lit(0.5), lit(10000))
                          .as("peer_mad"));
          // Cheap pre-filter: only accounts whose recent window is large enough get a history.
          Dataset<Row> cand =
              recent
                  .where(col("recent").geq(c.spikeMinUsd()))
                  .join(profile, "freelancer_id")
                  .where(col("months").geq(2));
          Dataset<Row> hist =
              cand.select(
                      col("freelancer_id"),
                      explode(sequence(lit(1L), least(col("months"), lit((long) h)))).as("bucket"))
                  .join(buckets, new scala.collection.immutable.Set.Set2<>("freelancer_id", "bucket").toSeq(), "left")
                  .withColumn("usd", coalesce(col("usd"), lit(0.0)));
          // The own history's usual month and spread are taken on a log scale, over the months with
          // earnings: month sizes vary by factors, not by dollars, so an account whose months range from
          // $200 to $5,000 has a $10,000 month within its habit, while a steady $300-a-month account does
          // not. The months without earnings are left out (a sporadic earner's median month would be $0;
          // percentile_approx skips the nulls).
          Column lusd = when(col("usd").gt(0), log(col("usd")));
          Dataset<Row> own =
              hist.groupBy("freelancer_id")
                  .agg(
                      percentile_approx(col("usd"), lit(0.5), lit(10000)).as("own_median"),
                      avg(col("usd").cast(CENTS)).cast("double").as("own_mean"),
                      org.apache.spark.sql.functions.max("usd").as("own_best"),
                      sum(when(col("usd").gt(0), 1).otherwise(0)).as("earning_months"),
                      percentile_approx(lusd, lit(0.5), lit(10000)).as("own_log_median"));
          Dataset<Row> ownMad =
              hist.join(own.select("freelancer_id", "own_log_median"), "freelancer_id")
                  .groupBy("freelancer_id")
                  .agg(percentile_approx(abs(lusd.minus(col("own_log_median"))), lit(0.5), lit(10000))
                      .as("own_log_mad"));
          Timestamp windowStart = daysBefore(in.cutoff(), w);
          Column freshOpen =
              col("started_at").geq(lit(windowStart)).and(col("ended_at").isNull());
          Dataset<Row> recentContracts =
              contractBuckets
                  .where(col("bucket").equalTo(0))
                  .select(col("freelancer_id"), col("contract_id"), col("amount").cast("double").as("cusd"))
                  .join(in.contracts().select("contract_id", "started_at", "ended_at"), "contract_id")
                  .groupBy("freelancer_id")
                  .agg(
                      sum(when(freshOpen, col("cusd").cast(CENTS)).otherwise(lit(0).cast(CENTS)))
                          .cast("double")
                          .as("fresh_open_usd"),
                      slice(
                              sort_array(collect_list(struct(col("cusd"), col("contract_id"))), false),
                              1,
                              10)
                          .as("top"));
          double floor = c.spikeScaleFloorUsd();
          Column ownZ =
              log(col("recent"))
                  .minus(col("own_log_median"))
                  .divide(greatest(col("own_log_mad").multiply(1.4826), lit(c.spikeLogScaleFloor())));
          Column peerZ =
              col("recent")
                  .minus(col("peer_median"))
                  .divide(greatest(col("peer_mad").multiply(1.4826), lit(floor)));
          Dataset<Row> scored =
              cand.join(own, "freelancer_id")
                  .join(ownMad, "freelancer_id")
                  .join(peer, new scala.collection.immutable.Set.Set2<>("main_category", "tenure_band").toSeq())
                  .join(peerMad, new scala.collection.immutable.Set.Set2<>("main_category", "tenure_band").toSeq())
                  .join(recentContracts, "freelancer_id")
                  .withColumn("own_z", ownZ)
                  .withColumn("peer_z", peerZ)
                  .withColumn("ratio", col("recent").divide(greatest(col("own_mean"), lit(1.0))))
                  .withColumn("best_ratio", col("recent").divide(greatest(col("own_best"), lit(1.0))))
                  .where(
                      // With a median month of $0 (earning in fewer than half of its months) an
                      // account has no usual level: any paid month is "far above" the zeros, so only
                      // a window of a size worth a review on its own counts.
                      col("own_median")
                          .gt(0)
                          .or(col("recent").geq(c.spikeMinUsdWithoutUsualMonth()))
                          .and(col("ratio").geq(c.spikeMinRatio()))
                          .and(col("earning_months").geq(c.spikeMinEarningMonths()))
                          .and(
                              col("fresh_open_usd")
                                  .geq(col("recent").multiply(c.spikeMinFreshOpenShare())))
                          .and(col("best_ratio").geq(c.spikeMinRatioToBest()))
                          .and(col("own_z").geq(c.spikeMinOwnZ()))
                          .and(col("peer_z").geq(c.spikeMinPeerZ())));
          Column z = least(col("own_z"), col("peer_z"));
          return Flags.conform(
              scored.select(
                  col("freelancer_id").as("account_id"),
                  lit(EARNINGS_SPIKE).as("detector"),
                  when(z.geq(3 * Math.max(c.spikeMinOwnZ(), c.spikeMinPeerZ())), lit("MEDIUM"))
                      .otherwise(lit("LOW"))
                      .as("severity"),
                  least(lit(100.0), z.multiply(3)).as("score"),
                  format_string(
                          "Freelancer %s earned $%s in the last %d days: %s times its own monthly"
                              + " average of $%s (median $%s; robust z %s on a log scale against its"
                              + " months with earnings) and %s times its best"
                              + " month before ($%s); %s%% of it on contracts opened in the window and"
                              + " still open; robust z %s against"
                              + " %d peers in %s with the same tenure (median $%s).",
                          col("freelancer_id"),
                          format_number(col("recent"), 2),
                          lit(w),
                          format_number(col("ratio"), 1),
                          format_number(col("own_mean"), 2),
                          format_number(col("own_median"), 2),
                          format_number(col("own_z"), 1),
                          format_number(col("best_ratio"), 1),
                          format_number(col("own_best"), 2),
                          format_number(col("fresh_open_usd").divide(col("recent")).multiply(100), 0),
                          format_number(col("peer_z"), 1),
                          col("peers"),
                          col("main_category"),
                          format_number(col("peer_median"), 2))
                      .as("sentence"),
                  lit("earnings_last_window_usd").as("metric"),
                  col("recent").as("value"),
                  col("own_mean").as("baseline"),
                  lit(null).as("p_value"),
                  z.as("z"),
                  noStrings().as("linked_accounts"),
                  transform(col("top"), x -> x.getField("contract_id")).as("contracts")));
        });
  }

  // ------------------------------------------------------------------ LOCATION_MISMATCH

  /** The profile country differs from most of the IP countries observed for the account. */
  static Detector locationMismatch(AnomalyConfig c) {
    return new Detector(
        LOCATION_MISMATCH,
        in -> {
          Dataset<Row> sig =
              in.snapshot()
                  .accountSignals()
                  .where(col("ip_country").isNotNull())
                  .join(
                      in.freelancers()
                          .select(col("freelancer_id").as("account_id"), col("country")),
                      "account_id");
          Dataset<Row> perCountry =
              sig.groupBy("account_id", "country", "ip_country").agg(count(lit(1)).as("n"));
          Dataset<Row> per =
              perCountry
                  .groupBy("account_id", "country")
                  .agg(
                      sum("n").as("signals"),
                      sum(when(col("ip_country").notEqual(col("country")), col("n")).otherwise(0))
                          .as("foreign"),
                      mostFrequent(col("ip_country"), col("n")).as("top_country"),
                      array_sort(
                              collect_set(
                                  when(col("ip_country").notEqual(col("country")), col("ip_country"))))
                          .as("foreign_countries"))
                  .withColumn("share", col("foreign").divide(col("signals")));
          // Each share to 18 decimals, then averaged exactly: the same mean whatever the row order.
          Dataset<Row> base =
              per.agg(avg(col("share").cast("decimal(38,18)")).cast("double").as("peer_share"));
          Dataset<Row> hits =
              per.where(
                      col("signals")
                          .geq(c.locationMinSignals())
                          .and(col("share").geq(c.locationMinForeignShare())))
                  .crossJoin(broadcast(base));
          return Flags.conform(
              hits.select(
                  col("account_id"),
                  lit(LOCATION_MISMATCH).as("detector"),
                  when(col("share").geq(0.9), lit("MEDIUM")).otherwise(lit("LOW")).as("severity"),
                  col("share").multiply(100).as("score"),
                  format_string(
                          "Freelancer %s says it is in %s, but %d of its %d observed sign-ins came"
                              + " from other countries (%s), mostly %s; freelancers average %s%% foreign"
                              + " sign-ins.",
                          col("account_id"),
                          col("country"),
                          col("foreign"),
                          col("signals"),
                          array_join(col("foreign_countries"), ", "),
                          col("top_country"),
                          format_number(col("peer_share").multiply(100), 1))
                      .as("sentence"),
                  lit("foreign_ip_share").as("metric"),
                  col("share").as("value"),
                  col("peer_share").as("baseline"),
                  lit(null).as("p_value"),
                  lit(null).as("z"),
                  noStrings().as("linked_accounts"),
                  noStrings().as("contracts")));
        });
  }

  static Timestamp daysBefore(Timestamp cutoff, int days) {
    return Timestamp.from(cutoff.toInstant().minusSeconds(86400L * days));
  }
}
