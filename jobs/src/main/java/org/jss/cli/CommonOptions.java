package org.jss.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.io.Sessions;
import picocli.CommandLine.Option;

/**
 * Options every Spark-running command shares: the pipeline config file, Spark master and settings, and
 * verbosity. Precedence: command line over config file over built-in default.
 */
public final class CommonOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Pipeline settings (YAML). Default: conf/pipeline.yaml when present.")
  String configFile;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master. Default: local[*], or what spark-submit set.")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark setting, may repeat (e.g. --conf spark.sql.shuffle.partitions=16).")
  List<String> sparkConf = List.of();

  @Option(names = "--verbose", description = "Show stack traces and Spark's own logging.")
  boolean verbose;

  public PipelineConfig config() {
    return PipelineConfig.load(configFile);
  }

  /** Builds the command's session from the config, overridden by --master and --conf. */
  public SparkSession session(String app, PipelineConfig config) {
    Map<String, String> conf = settings(config);
    // Under spark-submit the master comes from there; the config's local default must not override it.
    String m =
        master != null
            ? master
            : System.getProperty("spark.master") != null ? null : config.sparkMaster();
    SparkSession spark;
    try {
      spark = Sessions.create(app, m, conf);
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).contains("INVALID_DRIVER_MEMORY")) {
        // Spark's own advice names spark-submit's options; the launcher sizes the JVM from this variable.
        throw new org.jss.base.UserError(
            "the JVM has " + (Runtime.getRuntime().maxMemory() >> 20) + " MB of heap, less than the 450 MB"
                + " Spark needs to start: set JSS_DRIVER_MEMORY higher (e.g. JSS_DRIVER_MEMORY=4g), or"
                + " --driver-memory under spark-submit",
            e);
      }
      throw e;
    }
    if (!verbose) {
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  /**
   * The file system settings of a command that reads the lake without Spark: the {@code spark.hadoop.*}
   * settings of the config and --conf, as Spark would hand them to Hadoop (object-store credentials and
   * the like), over Hadoop's defaults.
   */
  public org.apache.hadoop.conf.Configuration hadoopConfiguration(PipelineConfig config) {
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    String prefix = "spark.hadoop.";
    for (Map.Entry<String, String> e : settings(config).entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        hadoop.set(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return hadoop;
  }

  /** The config's Spark settings overridden by --conf. */
  private Map<String, String> settings(PipelineConfig config) {
    Map<String, String> conf = new LinkedHashMap<>(config.sparkConf());
    for (String kv : sparkConf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UserError("--conf expects KEY=VALUE, got '" + kv + "'");
      }
      conf.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return conf;
  }
}
