import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Sessions;

/**
 * Benchmark-only: are two lakes the same, row for row? Every Delta table under {@code raw/},
 * {@code quarantine/} and {@code scored/} of either lake (a path or any Hadoop URI) must exist in both and
 * hold the same multiset of rows, compared as the JSON of all columns but the run bookkeeping ones
 * ({@code run_id}, {@code ingest_id}, {@code ingested_at}: they name the run, not its result). {@code _runs}
 * is bookkeeping and skipped. Prints one line per table and exits 1 on any difference.
 *
 * <p>Run: {@code java <spark flags> -cp <jss jar + classpath> bench/CompareLakes.java LAKE_A LAKE_B}.
 */
public class CompareLakes {
  static final Set<String> BOOKKEEPING = Set.of("run_id", "ingest_id", "ingested_at");

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CompareLakes LAKE_A LAKE_B");
      System.exit(2);
    }
    SparkSession spark = Sessions.create("jss-bench-compare", null, Map.of());
    Set<String> tables = new TreeSet<>(tables(spark, args[0]));
    tables.addAll(tables(spark, args[1]));
    int differ = 0;
    long rows = 0;
    for (String t : tables) {
      Dataset<Row> a = canonical(spark, args[0] + "/" + t);
      Dataset<Row> b = canonical(spark, args[1] + "/" + t);
      if (a == null || b == null) {
        System.out.printf("%-36s only in %s%n", t, a == null ? "B" : "A");
        differ++;
        continue;
      }
      // One pass: each distinct row with how often it is in A and in B, then the totals of those.
      Dataset<Row> perRow =
          a.withColumn("side", lit(0))
              .unionByName(b.withColumn("side", lit(1)))
              .groupBy("row")
              .agg(
                  sum(when(col("side").equalTo(0), 1L).otherwise(0L)).as("in_a"),
                  sum(when(col("side").equalTo(1), 1L).otherwise(0L)).as("in_b"));
      Row totals =
          perRow
              .agg(
                  coalesce(sum("in_a"), lit(0L)),
                  coalesce(sum("in_b"), lit(0L)),
                  coalesce(sum(greatest(col("in_a").minus(col("in_b")), lit(0L))), lit(0L)),
                  coalesce(sum(greatest(col("in_b").minus(col("in_a")), lit(0L))), lit(0L)))
              .head();
      long na = totals.getLong(0);
      long nb = totals.getLong(1);
      long onlyA = totals.getLong(2);
      long onlyB = totals.getLong(3);
      rows += na;
      boolean same = onlyA == 0 && onlyB == 0;
      if (!same) {
        differ++;
        // A few of the differing rows, to start looking from (a handful: limit before collecting).
        perRow.where(col("in_a").notEqual(col("in_b"))).limit(6).collectAsList()
            .forEach(r -> System.out.printf("  A x%d, B x%d: %s%n", r.getLong(1), r.getLong(2), r.getString(0)));
      }
      System.out.printf(
          "%-36s %,9d rows  %s%n",
          t, na, same ? "identical" : String.format("DIFFERS (%,d vs %,d rows; %,d only in A, %,d only in B)", na, nb, onlyA, onlyB));
    }
    System.out.printf("%d tables, %,d rows compared, %d differ%n", tables.size(), rows, differ);
    spark.stop();
    System.exit(differ == 0 ? 0 : 1);
  }

  /** Relative paths of the Delta tables of a lake's raw, quarantine and scored folders. */
  static List<String> tables(SparkSession spark, String lake) throws Exception {
    Path root = new Path(lake);
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<String> out = new ArrayList<>();
    for (String area : List.of("raw", "quarantine", "scored")) {
      Path dir = new Path(root, area);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isDirectory() && fs.exists(new Path(s.getPath(), "_delta_log"))) {
          out.add(area + "/" + s.getPath().getName());
        }
      }
    }
    return out;
  }

  /** The table's rows as one JSON string each, columns in name order, bookkeeping columns left out. */
  static Dataset<Row> canonical(SparkSession spark, String path) {
    Dataset<Row> df;
    try {
      df = spark.read().format("delta").load(path);
    } catch (Exception e) {
      return null;
    }
    Column[] cols =
        Arrays.stream(df.columns())
            .filter(c -> !BOOKKEEPING.contains(c))
            .sorted()
            .map(c -> col("`" + c + "`"))
            .toArray(Column[]::new);
    // Microseconds kept: to_json's default timestamp format stops at milliseconds.
    return df.select(
        to_json(struct(cols), Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")).as("row"));
  }
}
