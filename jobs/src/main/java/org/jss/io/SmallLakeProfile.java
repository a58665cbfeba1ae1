package org.jss.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.RuntimeConfig;

/**
 * Spark settings for a run over a small lake (a demo, a test, a marketplace's first months), held for the
 * run and restored after it. On such a lake a night's cost is not its rows but the fixed cost of every
 * Spark job: profiled on the 300-freelancer demo lake, 63% of the executors' CPU went to generating and
 * compiling code for plans that then process a few thousand rows, and adaptive execution ran one job per
 * shuffle stage (66 for the anomaly flags alone). So below the threshold ({@code spark.small_lake_mb},
 * 32 MB by default, about 10,000 freelancers' history) expressions are evaluated interpreted, plans are
 * not re-optimised between stages, and shuffles have one partition per core. Measured whole nightlies:
 * the demo (1 MB of raw data) 146.8 s to 92.0-115.8 s, 5,000 freelancers (14 MB) 142.4 s to 122.4 s,
 * 20,000 (59 MB) 187.6 s either way (interpreted facts slower, anomalies faster), hence a threshold well
 * below that. Above it, Spark's defaults stay: generated code and adaptive execution are what make
 * 1,000,000 freelancers fit the night. The results are the same either
 * way (the same expressions, evaluated by the same rules). An ingest counts its input files with the
 * lake: a quiet night's few rows into a small lake are fixed costs too, while the same rows checked
 * against a large lake's keys are not.
 */
public final class SmallLakeProfile implements AutoCloseable {
  private final RuntimeConfig conf;
  private final Map<String, String> previous = new LinkedHashMap<>();

  private SmallLakeProfile(RuntimeConfig conf) {
    this.conf = conf;
  }

  /**
   * Applies the profile when the lake's raw tables hold fewer than {@code thresholdBytes} bytes of data
   * files (0: never), saying so through {@code progress}; {@link #close} puts the settings back.
   */
  public static SmallLakeProfile apply(Lake lake, long thresholdBytes, Consumer<String> progress) {
    return apply(lake, 0L, thresholdBytes, progress);
  }

  /**
   * The same for a run that also reads {@code inputBytes} of files from outside the lake (an ingest):
   * applied when the lake's raw data files and the input together hold fewer than {@code thresholdBytes}.
   */
  public static SmallLakeProfile apply(
      Lake lake, long inputBytes, long thresholdBytes, Consumer<String> progress) {
    SmallLakeProfile p = new SmallLakeProfile(lake.spark().conf());
    if (thresholdBytes <= 0) {
      return p;
    }
    long bytes = inputBytes;
    for (TableSpec t : Schemas.ALL) {
      bytes += lake.reader().sizeBytes(lake.rawPath(t.name()));
    }
    if (bytes >= thresholdBytes) {
      return p;
    }
    int cores = Math.max(1, lake.spark().sparkContext().defaultParallelism());
    p.set("spark.sql.codegen.wholeStage", "false");
    p.set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    p.set("spark.sql.adaptive.enabled", "false");
    int partitions = Integer.parseInt(p.conf.get("spark.sql.shuffle.partitions"));
    p.set("spark.sql.shuffle.partitions", Integer.toString(Math.min(partitions, cores)));
    String input = inputBytes > 0 ? String.format(" and %.1f MB of input", inputBytes / 1048576.0) : "";
    progress.accept(
        String.format(
            "small lake (%.1f MB of raw data files%s, under %d MB): expressions interpreted, no adaptive"
                + " re-planning, %s shuffle partitions (spark.small_lake_mb)",
            (bytes - inputBytes) / 1048576.0, input, thresholdBytes >> 20,
            p.conf.get("spark.sql.shuffle.partitions")));
    return p;
  }

  private void set(String key, String value) {
    previous.put(key, conf.getOption(key).getOrElse(() -> null));
    conf.set(key, value);
  }

  @Override
  public void close() {
    previous.forEach(
        (k, v) -> {
          if (v == null) {
            conf.unset(k);
          } else {
            conf.set(k, v);
          }
        });
  }
}
