package org.jss.io;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a command uses. Only entry points (CLI, tests' shared base) call this:
 * library code receives the session it works with.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * A session with Delta enabled and UTC as its time zone (SPEC dates are UTC calendar dates). When no
   * master is set by spark-submit or the caller, it runs embedded in local mode.
   */
  public static SparkSession create(String appName, String master, Map<String, String> conf) {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.sql.ansi.enabled", "false")
            // HotSpot does not compile a method of more than 8,000 bytes of bytecode; the whole-stage
            // code of the JSS outcome rules (two chains of 14 CASEs) and of the explanations' row
            // conversion grew past it and ran interpreted: at 1,000,000 freelancers, 86 s of CPU to
            // classify 7.2 M contracts, then 43 s with this (Spark's advice for HotSpot: such stages fall
            // back to per-operator code, in methods the JIT compiles). A session setting, so executors on
            // a cluster get it without a JVM flag. Not free everywhere: in the same 1,000,000-freelancer
            // night the anomaly stage took 381 s against 304 s (README, "Generated code the JIT would
            // not compile"), so the whole night gained ~1%.
            .config("spark.sql.codegen.hugeMethodLimit", "8000");
    if (master != null && !master.isBlank()) {
      b = b.master(master);
    } else if (System.getProperty("spark.master") == null) {
      b = b.master("local[*]");
    }
    for (Map.Entry<String, String> e : conf.entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    return b.getOrCreate();
  }
}
