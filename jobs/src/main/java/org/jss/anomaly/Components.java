package org.jss.anomaly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Connected components of the small undirected graphs of suspicious edges (shared devices, feedback
 * rings), never of the whole marketplace. The edges are fetched to the driver in one Spark job and joined
 * by union-find there, exact whatever a component's diameter: the detectors' edge sets are bounded by
 * what they select, and {@link #DRIVER_MAX_EDGES} guards the driver (at most that many rows are fetched). A larger edge set falls back to
 * min-label propagation in Spark, one join and aggregation per round for at most {@code rounds} rounds
 * (exact for components of diameter up to {@code rounds}).
 */
public final class Components {
  private Components() {}

  /**
   * Edges joined on the driver at most (a few MB of ids): the suspicious edge sets are a small filtered
   * fraction of the marketplace; a larger one stays in Spark rather than growing the driver.
   */
  static final int DRIVER_MAX_EDGES = 100_000;

  private static final StructType SCHEMA =
      new StructType()
          .add("vertex", DataTypes.StringType, false)
          .add("component", DataTypes.StringType, false);

  /**
   * @param edges columns {@code src} and {@code dst} (strings)
   * @return columns {@code vertex} and {@code component} (the smallest vertex id of its component)
   */
  public static Dataset<Row> of(Dataset<Row> edges, int rounds) {
    List<Row> pairs =
        edges.select(col("src"), col("dst")).limit(DRIVER_MAX_EDGES + 1).collectAsList();
    if (pairs.size() > DRIVER_MAX_EDGES) {
      return byPropagation(edges, rounds);
    }
    Map<String, String> parent = new HashMap<>();
    for (Row r : pairs) {
      if (r.isNullAt(0) || r.isNullAt(1)) {
        continue; // no identity to link
      }
      String a = find(parent, r.getString(0));
      String b = find(parent, r.getString(1));
      // The smaller id becomes the root, so a component's root is its smallest vertex.
      if (a.compareTo(b) < 0) {
        parent.put(b, a);
      } else if (b.compareTo(a) < 0) {
        parent.put(a, b);
      }
    }
    List<Row> out = new ArrayList<>(parent.size());
    for (String v : new ArrayList<>(parent.keySet())) {
      out.add(RowFactory.create(v, find(parent, v)));
    }
    return edges.sparkSession().createDataFrame(out, SCHEMA);
  }

  /** The root of {@code v}'s set, halving the path on the way (adds {@code v} as a root if new). */
  private static String find(Map<String, String> parent, String v) {
    String p = parent.putIfAbsent(v, v);
    if (p == null) {
      return v;
    }
    String x = v;
    while (!parent.get(x).equals(x)) {
      String grand = parent.get(parent.get(x));
      parent.put(x, grand);
      x = grand;
    }
    return x;
  }

  private static Dataset<Row> byPropagation(Dataset<Row> edges, int rounds) {
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
