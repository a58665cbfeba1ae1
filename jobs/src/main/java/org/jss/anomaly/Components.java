package org.jss.anomaly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of a small undirected graph by min-label propagation in Spark built-ins: every
 * vertex starts with its own id as label and takes the smallest label among its neighbours, for at most a
 * bounded number of rounds, stopping early once no label moves (a component of diameter at most
 * {@code rounds} is exact). Each round is one join and
 * one aggregation, checkpointed locally so the plan does not grow; meant for the small graphs of
 * suspicious edges, not the whole marketplace.
 */
public final class Components {
  private Components() {}

  /**
   * @param edges columns {@code src} and {@code dst} (strings)
   * @return columns {@code vertex} and {@code component} (the smallest vertex id reached)
   */
  public static Dataset<Row> of(Dataset<Row> edges, int rounds) {
    Dataset<Row> adj =
        edges
            .select(col("src").as("vertex"), col("dst").as("nbr"))
            .union(edges.select(col("dst").as("vertex"), col("src").as("nbr")))
            .distinct()
            .localCheckpoint();
    Dataset<Row> labels =
        adj.select("vertex").distinct().withColumn("component", col("vertex")).localCheckpoint();
    for (int i = 0; i < rounds; i++) {
      Dataset<Row> nbrMin =
          adj.join(labels.select(col("vertex").as("nbr"), col("component").as("nl")), "nbr")
              .groupBy("vertex")
              .agg(min("nl").as("m"));
      Dataset<Row> next =
          labels
              .join(nbrMin, "vertex")
              .select(col("vertex"), least(col("component"), col("m")).as("component"))
              .localCheckpoint();
      // Stop as soon as no label moved (usually after a few rounds: abuse groups are small).
      long moved =
          next.join(labels.withColumnRenamed("component", "old"), "vertex")
              .where(col("component").notEqual(col("old")))
              .count();
      labels = next;
      if (moved == 0) {
        break;
      }
    }
    return labels;
  }
}
