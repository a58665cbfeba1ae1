package org.jss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Sessions;

/**
 * The one local[2] SparkSession the whole suite shares (starting Spark costs seconds; tests share it),
 * with few shuffle partitions so tiny fixtures run fast.
 */
public abstract class SparkTestBase {
  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          Sessions.create(
              "jss-tests",
              "local[2]",
              Map.of(
                  "spark.sql.shuffle.partitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.databricks.delta.snapshotPartitions", "1",
                  "spark.sql.adaptive.enabled", "false"));
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  protected static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
