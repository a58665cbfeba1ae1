package org.jss.fees;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jss.base.UserError;
import org.jss.config.ConfigValues;
import org.jss.config.Setting;

/**
 * Finds and validates fee schedules. A schedule is named by its file: {@code <dir>/<name>.yaml} (default
 * dir {@code conf/fees}); when the file is not there, the copy shipped inside the jar (resource
 * {@code fees/<name>.yaml}) is used, so the jar works on a cluster without the repository's
 * {@code conf/}. A name that ends in {@code .yaml}/{@code .yml} or contains a slash is a file path.
 *
 * <p>Every key is declared here once; a typo, a missing key or a value out of range is a
 * {@link UserError} naming the file and the key (with the list index, e.g.
 * {@code freelancer.tiers[1].rate}). The format is documented in {@code conf/fees/README.md}.
 */
public final class FeeSchedules {
  /** The schedules shipped in {@code conf/fees} (and in the jar). */
  public static final List<String> SHIPPED =
      List.of("odesk-flat-10", "sliding-2016", "flat-10-2023", "variable-2025", "client-fees-2026");

  public static final Path DEFAULT_DIR = Path.of("conf", "fees");

  private static final String RATE_RULE = "a rate from 0 to 1 (e.g. 0.1 for 10%)";
  private static final String MONEY_RULE = "an amount in USD, at least 0, with at most 2 decimals";

  static final Setting<String> NAME = Setting.text("name", "");
  static final Setting<String> DESCRIPTION = Setting.text("description", "");
  static final Setting<String> SOURCE = Setting.text("source", "");
  static final Setting<LocalDate> EFFECTIVE_FROM = date("effective_from");
  static final Setting<LocalDate> EFFECTIVE_TO = date("effective_to");
  static final Setting<BigDecimal> FLAT_RATE = rate("freelancer.rate");
  static final String TIERS = "freelancer.tiers";
  static final String RULES = "freelancer.rules";
  static final Setting<BigDecimal> PROCESSING = rate("client.processing_rate");
  static final Setting<BigDecimal> INIT_MIN = money("client.initiation_fee.min_usd");
  static final Setting<BigDecimal> INIT_MAX = money("client.initiation_fee.max_usd");
  static final Setting<BigDecimal> INIT_RATE = rate("client.initiation_fee.rate");

  static final List<String> KEYS =
      List.of(
          NAME.key(), DESCRIPTION.key(), SOURCE.key(), EFFECTIVE_FROM.key(), EFFECTIVE_TO.key(),
          FLAT_RATE.key(), TIERS, RULES, PROCESSING.key(), INIT_MIN.key(), INIT_MAX.key(),
          INIT_RATE.key());

  private final Path dir;

  public FeeSchedules(Path dir) {
    this.dir = dir == null ? DEFAULT_DIR : dir;
  }

  /** Loads a schedule by name (or file path); unknown names list the known ones. */
  public FeeSchedule load(String nameOrFile) {
    if (nameOrFile == null || nameOrFile.isBlank()) {
      throw new UserError("a fee schedule name is required. Known schedules: " + known());
    }
    if (nameOrFile.contains("/") || nameOrFile.matches(".*\\.ya?ml$")) {
      Path p = Path.of(nameOrFile);
      if (!Files.isRegularFile(p)) {
        throw new UserError("fee schedule file not found: " + p);
      }
      return parse(p.toString(), ConfigValues.stem(p), read(p));
    }
    Path p = dir.resolve(nameOrFile + ".yaml");
    if (Files.isRegularFile(p)) {
      return parse(p.toString(), nameOrFile, read(p));
    }
    String resource = "fees/" + nameOrFile + ".yaml";
    try (InputStream in = FeeSchedules.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        return parse(
            "jar:" + resource, nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UserError("cannot read fee schedule " + resource + ": " + e.getMessage(), e);
    }
    throw new UserError(
        "unknown fee schedule '" + nameOrFile + "'. Known schedules: " + known()
            + " (files <name>.yaml in " + dir + ")");
  }

  /** The names of the schedules in the directory, plus the shipped ones. */
  public String known() {
    Set<String> names = new TreeSet<>(SHIPPED);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(f -> f.getFileName().toString().endsWith(".yaml"))
            .forEach(f -> names.add(ConfigValues.stem(f)));
      } catch (IOException e) {
        // The listing is only a hint in an error message; the shipped names still help.
      }
    }
    return String.join(", ", names);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UserError("cannot read fee schedule " + p + ": " + e.getMessage(), e);
    }
  }

  /** Parses and validates one schedule's YAML text; {@code source} names it in errors. */
  public static FeeSchedule parse(String source, String stem, String yaml) {
    ConfigValues v = ConfigValues.parse(source, yaml);
    v.rejectUnknown(KEYS);
    String name = v.has(NAME.key()) ? v.get(NAME) : stem;
    if (!name.equals(stem)) {
      throw new UserError(
          source + ": key 'name' is '" + name + "' but the file is named '" + stem
              + ".yaml': a schedule is known by its file name, make them equal");
    }
    boolean flat = v.has(FLAT_RATE.key());
    boolean tiered = v.has(TIERS);
    boolean variable = v.has(RULES);
    if ((flat ? 1 : 0) + (tiered ? 1 : 0) + (variable ? 1 : 0) != 1) {
      throw new UserError(
          source + ": set exactly one of keys 'freelancer.rate' (flat), 'freelancer.tiers' (tiered on"
              + " lifetime billings with a client) or 'freelancer.rules' (variable per contract)");
    }
    List<Tier> tiers =
        flat
            ? List.of(new Tier(null, null, v.get(FLAT_RATE)))
            : tiered ? tiers(source, v.raw(TIERS)) : List.of();
    List<RateRule> rules = variable ? rules(source, v.raw(RULES)) : List.of();
    BigDecimal initMin = v.get(INIT_MIN) == null ? BigDecimal.ZERO : v.get(INIT_MIN);
    BigDecimal initMax = v.get(INIT_MAX);
    if (initMax != null && initMax.compareTo(initMin) < 0) {
      throw new UserError(
          source + ": key 'client.initiation_fee.max_usd' must be at least 'client.initiation_fee.min_usd'");
    }
    BigDecimal processing = v.get(PROCESSING) == null ? BigDecimal.ZERO : v.get(PROCESSING);
    LocalDate from = v.get(EFFECTIVE_FROM);
    LocalDate to = v.get(EFFECTIVE_TO);
    if (from != null && to != null && to.isBefore(from)) {
      throw new UserError(source + ": key 'effective_to' is before 'effective_from'");
    }
    return new FeeSchedule(
        name,
        v.get(DESCRIPTION),
        from,
        to,
        v.get(SOURCE),
        tiers,
        rules,
        new ClientFees(processing, initMin, initMax, v.get(INIT_RATE)),
        fingerprint(yaml));
  }

  private static List<Tier> tiers(String source, Object raw) {
    List<?> list = list(source, TIERS, raw);
    List<Tier> out = new ArrayList<>();
    BigDecimal from = null;
    for (int i = 0; i < list.size(); i++) {
      String at = TIERS + "[" + i + "]";
      Map<?, ?> m = map(source, at, list.get(i), Set.of("up_to_usd", "rate"));
      boolean last = i == list.size() - 1;
      BigDecimal rate = required(source, at + ".rate", m.get("rate"), FeeSchedules::parseRate, RATE_RULE);
      BigDecimal upTo = null;
      if (last && m.get("up_to_usd") != null) {
        throw new UserError(
            source + ": key '" + at + ".up_to_usd' must be absent: the last tier has no upper bound");
      }
      if (!last) {
        upTo = required(source, at + ".up_to_usd", m.get("up_to_usd"), FeeSchedules::parseMoney, MONEY_RULE);
        if (upTo.signum() <= 0 || (from != null && upTo.compareTo(from) <= 0)) {
          throw new UserError(
              source + ": key '" + at + ".up_to_usd' must be above 0 and above the previous tier's bound,"
                  + " got '" + m.get("up_to_usd") + "'");
        }
      }
      out.add(new Tier(from, upTo, rate));
      from = upTo;
    }
    return out;
  }

  private static List<RateRule> rules(String source, Object raw) {
    List<?> list = list(source, RULES, raw);
    List<RateRule> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = RULES + "[" + i + "]";
      Map<?, ?> m = map(source, at, list.get(i), Set.of("when", "rate"));
      BigDecimal rate = required(source, at + ".rate", m.get("rate"), FeeSchedules::parseRate, RATE_RULE);
      Map<?, ?> when =
          m.get("when") == null
              ? Map.of()
              : map(
                  source,
                  at + ".when",
                  m.get("when"),
                  Set.of(
                      "categories",
                      "contract_types",
                      "contract_earnings_at_least_usd",
                      "contract_earnings_below_usd"));
      RateRule r =
          new RateRule(
              strings(source, at + ".when.categories", when.get("categories")),
              strings(source, at + ".when.contract_types", when.get("contract_types")),
              optional(source, at + ".when.contract_earnings_at_least_usd",
                  when.get("contract_earnings_at_least_usd")),
              optional(source, at + ".when.contract_earnings_below_usd",
                  when.get("contract_earnings_below_usd")),
              rate);
      boolean last = i == list.size() - 1;
      if (last && !r.unconditional()) {
        throw new UserError(
            source + ": key '" + at + ".when' must be absent: the last rule is the default that every"
                + " other contract gets");
      }
      if (!last && r.unconditional()) {
        throw new UserError(
            source + ": key '" + at + ".when' is missing: only the last rule may have no condition");
      }
      out.add(r);
    }
    return out;
  }

  private static List<?> list(String source, String key, Object raw) {
    if (!(raw instanceof List<?> l) || l.isEmpty()) {
      throw new UserError(source + ": key '" + key + "' must be a non-empty list");
    }
    return l;
  }

  private static Map<?, ?> map(String source, String key, Object raw, Set<String> allowed) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new UserError(source + ": key '" + key + "' must be a mapping with keys " + new TreeSet<>(allowed));
    }
    for (Object k : m.keySet()) {
      if (!allowed.contains(String.valueOf(k))) {
        throw new UserError(
            source + ": unknown key '" + key + "." + k + "'. Known keys there: " + new TreeSet<>(allowed));
      }
    }
    return m;
  }

  private static List<String> strings(String source, String key, Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> l) || l.isEmpty()) {
      throw new UserError(source + ": key '" + key + "' must be a non-empty list of texts");
    }
    return l.stream().map(String::valueOf).toList();
  }

  private static BigDecimal optional(String source, String key, Object raw) {
    return raw == null ? null : required(source, key, raw, FeeSchedules::parseMoney, MONEY_RULE);
  }

  private static BigDecimal required(
      String source, String key, Object raw, java.util.function.Function<Object, BigDecimal> parser,
      String rule) {
    if (raw == null) {
      throw new UserError(source + ": key '" + key + "' is missing: it must be " + rule);
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      throw new UserError(source + ": key '" + key + "' must be " + rule + ", got '" + raw + "'");
    }
  }

  static BigDecimal parseRate(Object v) {
    BigDecimal d = decimal(v);
    if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("out of range");
    }
    return d;
  }

  static BigDecimal parseMoney(Object v) {
    BigDecimal d = decimal(v);
    if (d.signum() < 0 || d.stripTrailingZeros().scale() > 2) {
      throw new IllegalArgumentException("not an amount in cents");
    }
    return d.setScale(2);
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof Boolean) {
      throw new IllegalArgumentException("not a number");
    }
    return new BigDecimal(v.toString().trim());
  }

  private static Setting<BigDecimal> rate(String key) {
    return new Setting<>(key, null, FeeSchedules::parseRate, x -> true, RATE_RULE);
  }

  private static Setting<BigDecimal> money(String key) {
    return new Setting<>(key, null, FeeSchedules::parseMoney, x -> true, MONEY_RULE);
  }

  private static Setting<LocalDate> date(String key) {
    return new Setting<>(
        key,
        null,
        v -> {
          try {
            return LocalDate.parse(v.toString().trim());
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
          }
        },
        x -> true,
        "a date YYYY-MM-DD");
  }

  private static String fingerprint(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
