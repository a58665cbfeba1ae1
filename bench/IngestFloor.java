import java.io.File;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Schemas;
import org.jss.io.Sessions;
import org.jss.io.TableSpec;

/**
 * Benchmark-only: the floor that validating ingest is measured against. Reads each table's file of a
 * source directory with Spark's plain reader ({@code spark.read.csv} with a header, or {@code json},
 * {@code parquet}) and writes it as a Delta table, nothing else: no parsing of values, no rules, no keys.
 *
 * <p>Run: {@code java <spark flags> -cp <jss jar + classpath> bench/IngestFloor.java SOURCE_DIR FORMAT OUT};
 * bench/ingest.sh does this beside {@code jss ingest} on the same files.
 */
public class IngestFloor {
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: IngestFloor SOURCE_DIR csv|json|parquet OUT");
      System.exit(2);
    }
    SparkSession spark = Sessions.create("jss-bench-floor", null, Map.of());
    long total = 0;
    long t0 = System.nanoTime();
    for (TableSpec spec : Schemas.ALL) {
      File src = new File(args[0], spec.name() + "." + args[1]);
      if (!src.exists()) {
        src = new File(args[0], spec.name());
        if (!src.isDirectory()) {
          continue;
        }
      }
      Dataset<Row> rows =
          switch (args[1]) {
            case "csv" -> spark.read().option("header", "true").csv(src.getPath());
            case "json" -> spark.read().json(src.getPath());
            default -> spark.read().parquet(src.getPath());
          };
      String out = args[2] + "/" + spec.name();
      rows.write().format("delta").mode("overwrite").save(out);
      long n = spark.read().format("delta").load(out).count();
      total += n;
      System.out.printf("%s: %d rows, %.1f s since start%n", spec.name(), n, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf("floor: %d rows in %.1f s%n", total, (System.nanoTime() - t0) / 1e9);
    spark.stop();
  }
}
