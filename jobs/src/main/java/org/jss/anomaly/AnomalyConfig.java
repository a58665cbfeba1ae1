package org.jss.anomaly;

import java.nio.file.Path;
import java.util.List;
import org.jss.config.ConfigValues;
import org.jss.config.Rules;
import org.jss.config.Setting;

/**
 * Anomaly thresholds ({@code conf/anomaly.yaml}), every key declared here once with its default and
 * rule; an unknown key or a bad value is a user error (exit 2) naming the key. The defaults describe
 * abuse in marketplace terms (days, dollars, ratings, significance levels), not any one data set.
 */
public record AnomalyConfig(
    /** Recorded on every flag and case with {@link #version}: see {@link #rules()}. */
    String name,
    /** A fingerprint of every threshold's value: any changed threshold changes it. */
    String version,
    int maxAccountsPerIdentifier,
    int componentRounds,
    // FEEDBACK_RING
    double quickMaxDays,
    double quickMaxUsd,
    double topRating,
    double ringMinRating,
    double ringMinClientShare,
    int ringMinFreelancers,
    int ringMinGroupContracts,
    int ringMinClientsPerMember,
    // JSS_FARMING
    int farmingWindowDays,
    double farmingMaxUsd,
    double farmingMaxDays,
    int farmingNewClientDays,
    int farmingMinContracts,
    double farmingAlpha,
    // DISPUTE_RATE
    int disputeMinContracts,
    int disputeMinLost,
    double disputeMinRatio,
    double disputeFdr,
    // EARNINGS_SPIKE
    int spikeWindowDays,
    int spikeHistoryMonths,
    double spikeMinUsd,
    double spikeMinUsdWithoutUsualMonth,
    double spikeMinRatio,
    double spikeMinRatioToBest,
    int spikeMinEarningMonths,
    double spikeMinFreshOpenShare,
    double spikeMinOwnZ,
    double spikeMinPeerZ,
    double spikeScaleFloorUsd,
    double spikeLogScaleFloor,
    // LOCATION_MISMATCH
    int locationMinSignals,
    double locationMinForeignShare,
    // UNUSUAL_PROFILE
    int unusualMinContracts,
    int unusualNewClientDays,
    double unusualFeatureRarity,
    double unusualFdr,
    // review cases
    double reopenFactor) {

  static final Setting<Integer> MAX_ACCOUNTS_PER_IDENTIFIER =
      Setting.integer("identity.max_accounts_per_identifier", 25, 2, 10_000);
  static final Setting<Integer> COMPONENT_ROUNDS = Setting.integer("groups.max_rounds", 10, 1, 100);
  static final Setting<Double> QUICK_MAX_DAYS = Setting.decimal("feedback_ring.quick_max_days", 7, 0, 365);
  static final Setting<Double> QUICK_MAX_USD = Setting.decimal("feedback_ring.small_max_usd", 150, 0, 1e9);
  static final Setting<Double> TOP_RATING = Setting.decimal("top_rating", 4.95, 1, 5);
  static final Setting<Double> RING_MIN_RATING = Setting.decimal("feedback_ring.min_rating", 4.8, 1, 5);
  static final Setting<Double> RING_MIN_CLIENT_SHARE =
      Setting.decimal("feedback_ring.min_client_share", 0.5, 0, 1);
  static final Setting<Integer> RING_MIN_FREELANCERS =
      Setting.integer("feedback_ring.min_freelancers", 2, 2, 1000);
  static final Setting<Integer> RING_MIN_GROUP_CONTRACTS =
      Setting.integer("feedback_ring.min_group_contracts", 6, 4, 100_000);
  static final Setting<Integer> RING_MIN_CLIENTS =
      Setting.integer("feedback_ring.min_clients_per_member", 2, 1, 1000);
  static final Setting<Integer> FARM_WINDOW = Setting.integer("jss_farming.window_days", 60, 1, 3650);
  static final Setting<Double> FARM_MAX_USD = Setting.decimal("jss_farming.tiny_max_usd", 60, 0, 1e9);
  static final Setting<Double> FARM_MAX_DAYS = Setting.decimal("jss_farming.quick_max_days", 30, 0, 365);
  static final Setting<Integer> FARM_NEW_CLIENT =
      Setting.integer("jss_farming.new_client_max_age_days", 7, 0, 3650);
  static final Setting<Integer> FARM_MIN = Setting.integer("jss_farming.min_contracts", 5, 1, 10_000);
  static final Setting<Double> FARM_ALPHA = Setting.decimal("jss_farming.alpha", 1e-6, 0, 1);
  static final Setting<Integer> DISPUTE_MIN_CONTRACTS =
      Setting.integer("dispute_rate.min_contracts", 10, 1, 100_000);
  static final Setting<Integer> DISPUTE_MIN_LOST = Setting.integer("dispute_rate.min_lost", 3, 1, 100_000);
  static final Setting<Double> DISPUTE_MIN_RATIO =
      Setting.decimal("dispute_rate.min_ratio_to_peers", 3, 1, 1e6);
  static final Setting<Double> DISPUTE_FDR = Setting.decimal("dispute_rate.fdr", 0.05, 0, 1);
  static final Setting<Integer> SPIKE_WINDOW = Setting.integer("earnings_spike.window_days", 30, 1, 365);
  static final Setting<Integer> SPIKE_HISTORY =
      Setting.integer("earnings_spike.history_months", 36, 2, 120);
  static final Setting<Double> SPIKE_MIN_USD = Setting.decimal("earnings_spike.min_usd", 1000, 0, 1e12);
  static final Setting<Double> SPIKE_MIN_USD_NO_USUAL =
      Setting.decimal("earnings_spike.min_usd_without_usual_month", 6000, 0, 1e12);
  static final Setting<Double> SPIKE_MIN_RATIO =
      Setting.decimal("earnings_spike.min_ratio_to_own_mean", 8, 1, 1e6);
  static final Setting<Double> SPIKE_MIN_BEST =
      Setting.decimal("earnings_spike.min_ratio_to_best_month", 5, 0, 1e6);
  static final Setting<Integer> SPIKE_MIN_EARNING_MONTHS =
      Setting.integer("earnings_spike.min_earning_months", 2, 0, 1200);
  static final Setting<Double> SPIKE_FRESH_OPEN =
      Setting.decimal("earnings_spike.min_fresh_open_share", 0, 0, 1);
  static final Setting<Double> SPIKE_OWN_Z = Setting.decimal("earnings_spike.min_own_z", 0, 0, 1e6);
  static final Setting<Double> SPIKE_PEER_Z = Setting.decimal("earnings_spike.min_peer_z", 3, 0, 1e6);
  static final Setting<Double> SPIKE_FLOOR =
      Setting.decimal("earnings_spike.scale_floor_usd", 100, 0.01, 1e9);
  static final Setting<Double> SPIKE_LOG_FLOOR =
      Setting.decimal("earnings_spike.log_scale_floor", 0.25, 0.001, 100);
  static final Setting<Integer> LOC_MIN_SIGNALS =
      Setting.integer("location_mismatch.min_signals", 5, 1, 100_000);
  static final Setting<Double> LOC_MIN_SHARE =
      Setting.decimal("location_mismatch.min_foreign_share", 0.6, 0.5, 1);
  static final Setting<Integer> UNUSUAL_MIN_CONTRACTS =
      Setting.integer("unusual_profile.min_contracts", 5, 1, 100_000);
  static final Setting<Integer> UNUSUAL_NEW_CLIENT =
      Setting.integer("unusual_profile.new_client_max_age_days", 7, 0, 3650);
  static final Setting<Double> UNUSUAL_RARITY =
      Setting.decimal("unusual_profile.feature_rarity", 0.05, 0.000001, 1);
  static final Setting<Double> UNUSUAL_FDR = Setting.decimal("unusual_profile.fdr", 0.05, 0, 1);
  static final Setting<String> NAME = Setting.text("name", "default");
  static final Setting<Double> REOPEN_FACTOR =
      Setting.decimal("review.reopen_factor", 1.5, 1, 1e6);

  static final List<Setting<?>> ALL =
      List.of(
          MAX_ACCOUNTS_PER_IDENTIFIER, COMPONENT_ROUNDS, QUICK_MAX_DAYS, QUICK_MAX_USD, TOP_RATING,
          RING_MIN_RATING, RING_MIN_CLIENT_SHARE, RING_MIN_FREELANCERS, RING_MIN_GROUP_CONTRACTS,
          RING_MIN_CLIENTS, FARM_WINDOW, FARM_MAX_USD,
          FARM_MAX_DAYS, FARM_NEW_CLIENT, FARM_MIN, FARM_ALPHA, DISPUTE_MIN_CONTRACTS, DISPUTE_MIN_LOST,
          DISPUTE_MIN_RATIO, DISPUTE_FDR, SPIKE_WINDOW, SPIKE_HISTORY, SPIKE_MIN_USD, SPIKE_MIN_USD_NO_USUAL,
          SPIKE_MIN_RATIO,
          SPIKE_MIN_BEST, SPIKE_MIN_EARNING_MONTHS, SPIKE_FRESH_OPEN, SPIKE_OWN_Z, SPIKE_PEER_Z, SPIKE_FLOOR,
          SPIKE_LOG_FLOOR,
          LOC_MIN_SIGNALS, LOC_MIN_SHARE, UNUSUAL_MIN_CONTRACTS, UNUSUAL_NEW_CLIENT, UNUSUAL_RARITY, UNUSUAL_FDR,
          REOPEN_FACTOR);

  /** The built-in thresholds; {@code conf/anomaly.yaml} writes them out (a test keeps the two equal). */
  public static AnomalyConfig defaults() {
    return from(ConfigValues.empty("defaults"), null);
  }

  /**
   * The thresholds of {@code nightly --anomaly-config FILE}: the file over the defaults, or the defaults
   * when no file is given (the same values as the shipped {@code conf/anomaly.yaml}, so a cluster without
   * the project's {@code conf/} folder flags exactly what the demo flags).
   */
  public static AnomalyConfig load(String file) {
    if (file == null) {
      return defaults();
    }
    Path p = Path.of(file);
    return from(ConfigValues.load(p), ConfigValues.stem(p));
  }

  public static AnomalyConfig parse(String source, String yaml) {
    return from(ConfigValues.parse(source, yaml), null);
  }

  /** The name and version that {@code anomaly_flags} and {@code review_cases} rows record. */
  public Rules rules() {
    return new Rules(name, version);
  }

  static AnomalyConfig from(ConfigValues v, String fileStem) {
    List<String> keys = new java.util.ArrayList<>(List.of(NAME.key()));
    ALL.forEach(s -> keys.add(s.key()));
    v.rejectUnknown(keys);
    StringBuilder values = new StringBuilder();
    for (Setting<?> s : ALL) {
      values.append(s.key()).append('=').append(v.get(s)).append('\n');
    }
    return new AnomalyConfig(
        v.rulesName(NAME, fileStem),
        fingerprint(values.toString()),
        v.get(MAX_ACCOUNTS_PER_IDENTIFIER),
        v.get(COMPONENT_ROUNDS),
        v.get(QUICK_MAX_DAYS),
        v.get(QUICK_MAX_USD),
        v.get(TOP_RATING),
        v.get(RING_MIN_RATING),
        v.get(RING_MIN_CLIENT_SHARE),
        v.get(RING_MIN_FREELANCERS),
        v.get(RING_MIN_GROUP_CONTRACTS),
        v.get(RING_MIN_CLIENTS),
        v.get(FARM_WINDOW),
        v.get(FARM_MAX_USD),
        v.get(FARM_MAX_DAYS),
        v.get(FARM_NEW_CLIENT),
        v.get(FARM_MIN),
        v.get(FARM_ALPHA),
        v.get(DISPUTE_MIN_CONTRACTS),
        v.get(DISPUTE_MIN_LOST),
        v.get(DISPUTE_MIN_RATIO),
        v.get(DISPUTE_FDR),
        v.get(SPIKE_WINDOW),
        v.get(SPIKE_HISTORY),
        v.get(SPIKE_MIN_USD),
        v.get(SPIKE_MIN_USD_NO_USUAL),
        v.get(SPIKE_MIN_RATIO),
        v.get(SPIKE_MIN_BEST),
        v.get(SPIKE_MIN_EARNING_MONTHS),
        v.get(SPIKE_FRESH_OPEN),
        v.get(SPIKE_OWN_Z),
        v.get(SPIKE_PEER_Z),
        v.get(SPIKE_FLOOR),
        v.get(SPIKE_LOG_FLOOR),
        v.get(LOC_MIN_SIGNALS),
        v.get(LOC_MIN_SHARE),
        v.get(UNUSUAL_MIN_CONTRACTS),
        v.get(UNUSUAL_NEW_CLIENT),
        v.get(UNUSUAL_RARITY),
        v.get(UNUSUAL_FDR),
        v.get(REOPEN_FACTOR));
  }

  private static String fingerprint(String values) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(values.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(d, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
