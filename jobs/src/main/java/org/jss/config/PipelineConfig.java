package org.jss.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jss.base.UserError;

/**
 * Pipeline settings ({@code conf/pipeline.yaml}): the default lake, Spark local settings and the ingest
 * bad-row limit. Every key is declared here once with its default and rule.
 */
public record PipelineConfig(
    String lake,
    String sparkMaster,
    int shufflePartitions,
    int smallLakeMb,
    Map<String, String> extraSparkConf,
    double badRowLimit,
    FeesNightly fees) {

  /**
   * The nightly {@code fees} stage (SPEC section 8): off by default; when on, it compares two schedules
   * (names in {@code schedulesDir}) over the payments of the last {@code sinceMonths} months (0: all).
   */
  public record FeesNightly(
      boolean enabled, String baseline, String proposal, String schedulesDir, int sinceMonths) {}

  public static final Setting<String> LAKE = Setting.text("lake", "lake");
  public static final Setting<String> SPARK_MASTER = Setting.text("spark.master", "local[*]");
  public static final Setting<Integer> SHUFFLE_PARTITIONS =
      Setting.integer("spark.shuffle_partitions", 8, 1, 100_000);
  public static final Setting<Integer> SMALL_LAKE_MB =
      Setting.integer("spark.small_lake_mb", 32, 0, 1_000_000);
  public static final Setting<Double> BAD_ROW_LIMIT =
      Setting.decimal("ingest.bad_row_limit", 0.05, 0.0, 1.0);
  public static final Setting<Boolean> FEES_ENABLED = Setting.bool("fees.nightly.enabled", false);
  public static final Setting<String> FEES_BASELINE =
      Setting.text("fees.nightly.baseline", "flat-10-2023");
  public static final Setting<String> FEES_PROPOSAL =
      Setting.text("fees.nightly.proposal", "variable-2025");
  public static final Setting<Integer> FEES_SINCE_MONTHS =
      Setting.integer("fees.nightly.since_months", 12, 0, 1200);
  public static final Setting<String> FEES_DIR = Setting.text("fees.schedules_dir", "conf/fees");
  private static final String SPARK_CONF = "spark.conf";

  static final List<String> KEYS =
      List.of(
          LAKE.key(), SPARK_MASTER.key(), SHUFFLE_PARTITIONS.key(), SMALL_LAKE_MB.key(),
          BAD_ROW_LIMIT.key(), SPARK_CONF,
          FEES_ENABLED.key(), FEES_BASELINE.key(), FEES_PROPOSAL.key(), FEES_SINCE_MONTHS.key(),
          FEES_DIR.key());

  public static final Path DEFAULT_FILE = Path.of("conf", "pipeline.yaml");

  public static PipelineConfig defaults() {
    return from(ConfigValues.empty("defaults"));
  }

  /** Loads the named file, or conf/pipeline.yaml when it exists, or the built-in defaults. */
  public static PipelineConfig load(String file) {
    if (file != null) {
      return from(ConfigValues.load(Path.of(file)));
    }
    return Files.isRegularFile(DEFAULT_FILE) ? from(ConfigValues.load(DEFAULT_FILE)) : defaults();
  }

  static PipelineConfig from(ConfigValues v) {
    v.rejectUnknown(KEYS);
    Map<String, String> extra = new LinkedHashMap<>();
    Object sc = v.raw(SPARK_CONF);
    if (sc instanceof Map<?, ?> m) {
      m.forEach((k, val) -> extra.put(k.toString(), String.valueOf(val)));
    } else if (sc != null) {
      throw new UserError(v.source() + ": key 'spark.conf' must be a mapping of Spark settings");
    }
    return new PipelineConfig(
        v.get(LAKE),
        v.get(SPARK_MASTER),
        v.get(SHUFFLE_PARTITIONS),
        v.get(SMALL_LAKE_MB),
        extra,
        v.get(BAD_ROW_LIMIT),
        new FeesNightly(
            v.get(FEES_ENABLED),
            v.get(FEES_BASELINE),
            v.get(FEES_PROPOSAL),
            v.get(FEES_DIR),
            v.get(FEES_SINCE_MONTHS)));
  }

  /** Nights over raw tables smaller than this run with the small-lake profile (0: never). */
  public long smallLakeBytes() {
    return ((long) smallLakeMb) << 20;
  }

  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
    conf.putAll(extraSparkConf);
    return conf;
  }
}
