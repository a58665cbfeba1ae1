import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.jss.io.Lake;
import org.jss.io.RowHash;
import org.jss.io.Schemas;
import org.jss.io.Sessions;
import org.jss.io.TableSpec;

/**
 * Benchmark-only loader: copies the typed Parquet files of {@code jss generate --format parquet} straight
 * into a lake's raw tables, de-duplicated by key as ingest does, without ingest's validation. It exists so
 * that the scoring stages can be timed at sizes where validating ingest would take hours on a small
 * machine; ingest itself is timed separately. Never use it on data that did not come from the generator.
 *
 * <p>Run (single-file source program, Java 17): {@code java <spark flags> -cp <jss jar + classpath>
 * bench/LoadRaw.java GENERATED_DIR LAKE}; bench/run.sh does this.
 */
public class LoadRaw {
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: LoadRaw GENERATED_DIR LAKE");
      System.exit(2);
    }
    SparkSession spark = Sessions.create("jss-bench-load", null, Map.of());
    Lake lake = new Lake(spark, args[1]);
    for (TableSpec spec : Schemas.ALL) {
      String src = args[0] + "/" + spec.name() + ".parquet";
      if (!new java.io.File(src).exists()) {
        continue;
      }
      long t0 = System.nanoTime();
      Column[] cols =
          java.util.Arrays.stream(spec.sparkSchema().fields())
              .map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name()))
              .toArray(Column[]::new);
      Dataset<Row> rows =
          spark.read().parquet(src).select(cols).dropDuplicates(spec.mergeKey().toArray(String[]::new));
      rows = rows.withColumn(RowHash.COLUMN, RowHash.ofTyped(spec)); // as ingest keeps it
      rows.write().format("delta").mode("overwrite").save(lake.rawPath(spec.name()));
      System.out.printf(
          "%s: %d rows in %.1f s%n",
          spec.name(),
          spark.read().format("delta").load(lake.rawPath(spec.name())).count(),
          (System.nanoTime() - t0) / 1e9);
    }
    spark.stop();
  }
}
