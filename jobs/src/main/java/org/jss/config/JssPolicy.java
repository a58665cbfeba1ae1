package org.jss.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jss.base.UserError;

/**
 * The JSS policy (SPEC section 5) and the inactive-contract thresholds (section 6): every threshold is a
 * value here, declared once with its default. A policy file sets only what it changes; the rest comes from
 * the shipped default ({@code conf/policy/default.yaml} documents the same values).
 *
 * <p>Naming: a file that does not set {@code name} is recorded as {@code default+<file stem>} so that a
 * score computed under a variant is never mistaken for one under the default policy.
 */
public record JssPolicy(
    String name,
    String version,
    String formula,
    List<Integer> windowMonths,
    int longTermDays,
    int recentPaymentDays,
    int badActorMinLowRatings,
    double badActorLowRatingMax,
    double badActorMinShare,
    double lowPublicRating,
    double goodPublicRating,
    double lowPrivateScoreMax,
    double goodPrivateScoreMin,
    double weightSmallMaxUsd,
    double weightMediumMaxUsd,
    double weightSmall,
    double weightMedium,
    double weightLarge,
    int weightPeriodDays,
    double weightMax,
    int qualifyMinContracts,
    int qualifyMinClients,
    double topRatedJss,
    double topRatedEarnings12m,
    int topRatedTenureDays,
    int topRatedHoldDays,
    int inactiveFlagDays,
    int inactiveStaleDays,
    int clientSilentDays,
    int fixedAutoCloseDays) {

  public static final String NET_SUCCESS = "NET_SUCCESS";
  public static final String POSITIVE_SHARE = "POSITIVE_SHARE";

  static final Setting<String> NAME = Setting.text("name", "default");
  static final Setting<String> VERSION = Setting.text("version", "2026.11");
  static final Setting<String> FORMULA =
      Setting.oneOf("formula", NET_SUCCESS, NET_SUCCESS, POSITIVE_SHARE);
  static final Setting<List<Integer>> WINDOWS =
      new Setting<>(
          "windows_months",
          List.of(6, 12, 24),
          JssPolicy::parseWindows,
          w -> !w.isEmpty() && w.stream().allMatch(m -> m >= 1 && m <= 120),
          "a list of window lengths in months, each from 1 to 120 (e.g. [6, 12, 24])");
  static final Setting<Integer> LONG_TERM_DAYS = Setting.integer("long_term.min_days", 90, 1, 3650);
  static final Setting<Integer> RECENT_PAYMENT_DAYS =
      Setting.integer("long_term.recent_payment_days", 90, 1, 3650);
  static final Setting<Integer> BAD_ACTOR_MIN = Setting.integer("bad_actor.min_low_ratings", 3, 1, 1000);
  static final Setting<Double> BAD_ACTOR_LOW = Setting.decimal("bad_actor.low_rating_max", 2.0, 1.0, 5.0);
  static final Setting<Double> BAD_ACTOR_SHARE = Setting.decimal("bad_actor.min_share", 0.5, 0.0, 1.0);
  static final Setting<Double> LOW_PUBLIC = Setting.decimal("feedback.low_public_rating", 4.0, 1.0, 5.0);
  static final Setting<Double> GOOD_PUBLIC = Setting.decimal("feedback.good_public_rating", 4.5, 1.0, 5.0);
  static final Setting<Double> LOW_PRIVATE_MAX =
      Setting.decimal("feedback.low_private_score_max", 6.0, 0.0, 10.0);
  static final Setting<Double> GOOD_PRIVATE_MIN =
      Setting.decimal("feedback.good_private_score_min", 9.0, 0.0, 10.0);
  static final Setting<Double> W_SMALL_MAX = Setting.decimal("weight.small_max_usd", 250, 0, 1e12);
  static final Setting<Double> W_MEDIUM_MAX = Setting.decimal("weight.medium_max_usd", 1000, 0, 1e12);
  static final Setting<Double> W_SMALL = Setting.decimal("weight.small", 1.0, 0, 100);
  static final Setting<Double> W_MEDIUM = Setting.decimal("weight.medium", 1.25, 0, 100);
  static final Setting<Double> W_LARGE = Setting.decimal("weight.large", 1.5, 0, 100);
  static final Setting<Integer> W_PERIOD = Setting.integer("weight.period_days", 90, 1, 3650);
  static final Setting<Double> W_MAX = Setting.decimal("weight.max", 8.0, 0, 1000);
  static final Setting<Integer> Q_CONTRACTS = Setting.integer("qualify.min_contracts", 2, 1, 1000);
  static final Setting<Integer> Q_CLIENTS = Setting.integer("qualify.min_clients", 2, 1, 1000);
  static final Setting<Double> TR_JSS = Setting.decimal("top_rated.min_jss", 90, 0, 100);
  static final Setting<Double> TR_EARN = Setting.decimal("top_rated.min_earnings_12m_usd", 1000, 0, 1e12);
  static final Setting<Integer> TR_TENURE = Setting.integer("top_rated.min_tenure_days", 90, 0, 3650);
  static final Setting<Integer> TR_HOLD = Setting.integer("top_rated.no_hold_days", 90, 0, 3650);
  static final Setting<Integer> IN_FLAG = Setting.integer("inactive.flag_days", 30, 1, 3650);
  static final Setting<Integer> IN_STALE = Setting.integer("inactive.stale_days", 90, 1, 3650);
  static final Setting<Integer> IN_CLIENT = Setting.integer("inactive.client_silent_days", 14, 1, 3650);
  static final Setting<Integer> IN_AUTOCLOSE =
      Setting.integer("inactive.fixed_auto_close_days", 76, 1, 3650);

  static final List<Setting<?>> ALL =
      List.of(
          NAME, VERSION, FORMULA, WINDOWS, LONG_TERM_DAYS, RECENT_PAYMENT_DAYS, BAD_ACTOR_MIN,
          BAD_ACTOR_LOW, BAD_ACTOR_SHARE, LOW_PUBLIC, GOOD_PUBLIC, LOW_PRIVATE_MAX, GOOD_PRIVATE_MIN,
          W_SMALL_MAX, W_MEDIUM_MAX, W_SMALL, W_MEDIUM, W_LARGE, W_PERIOD, W_MAX, Q_CONTRACTS,
          Q_CLIENTS, TR_JSS, TR_EARN, TR_TENURE, TR_HOLD, IN_FLAG, IN_STALE, IN_CLIENT, IN_AUTOCLOSE);

  public static JssPolicy defaults() {
    return from(ConfigValues.empty("default policy"), null);
  }

  /** The default policy with what {@code file} changes; null means the default policy. */
  public static JssPolicy load(String file) {
    if (file == null) {
      return defaults();
    }
    Path p = Path.of(file);
    return from(ConfigValues.load(p), ConfigValues.stem(p));
  }

  static JssPolicy from(ConfigValues v, String fileStem) {
    v.rejectUnknown(ALL.stream().map(Setting::key).toList());
    String name = v.rulesName(NAME, fileStem);
    JssPolicy p =
        new JssPolicy(
            name, v.get(VERSION), v.get(FORMULA), v.get(WINDOWS), v.get(LONG_TERM_DAYS),
            v.get(RECENT_PAYMENT_DAYS), v.get(BAD_ACTOR_MIN), v.get(BAD_ACTOR_LOW),
            v.get(BAD_ACTOR_SHARE), v.get(LOW_PUBLIC), v.get(GOOD_PUBLIC), v.get(LOW_PRIVATE_MAX),
            v.get(GOOD_PRIVATE_MIN), v.get(W_SMALL_MAX), v.get(W_MEDIUM_MAX), v.get(W_SMALL),
            v.get(W_MEDIUM), v.get(W_LARGE), v.get(W_PERIOD), v.get(W_MAX), v.get(Q_CONTRACTS),
            v.get(Q_CLIENTS), v.get(TR_JSS), v.get(TR_EARN), v.get(TR_TENURE), v.get(TR_HOLD),
            v.get(IN_FLAG), v.get(IN_STALE), v.get(IN_CLIENT), v.get(IN_AUTOCLOSE));
    if (p.weightSmallMaxUsd > p.weightMediumMaxUsd) {
      throw new UserError(v.source() + ": key 'weight.small_max_usd' must not exceed 'weight.medium_max_usd'");
    }
    if (p.inactiveStaleDays < p.inactiveFlagDays) {
      throw new UserError(v.source() + ": key 'inactive.stale_days' must be at least 'inactive.flag_days'");
    }
    return p;
  }

  /** What the facts, jss and inactive tables record as the rules they were made by. */
  public Rules rules() {
    return new Rules(name, version);
  }

  public boolean netSuccess() {
    return NET_SUCCESS.equals(formula);
  }

  /** Windows sorted longest first, so that ties resolve to the longest window. */
  public List<Integer> windowsLongestFirst() {
    List<Integer> w = new ArrayList<>(windowMonths);
    w.sort((a, b) -> Integer.compare(b, a));
    return w;
  }

  private static List<Integer> parseWindows(Object v) {
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("not a list");
    }
    List<Integer> out = new ArrayList<>();
    for (Object o : l) {
      out.add(o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString().trim()));
    }
    return out.stream().distinct().toList();
  }
}
