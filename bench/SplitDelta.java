import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.jss.io.Schemas;
import org.jss.io.Sessions;
import org.jss.io.TableSpec;

/**
 * Benchmark-only: splits a generated CSV marketplace in time into a history and a nightly delta, the
 * shape of a marketplace's nightly export: every row whose event time (an account's creation, a
 * contract's start, a payment, an activity event...) falls on or after a cut goes to the delta, the rest
 * to the history. The cut is the instant after which {@code SHARE} of the activity events lie, so the
 * delta holds about that share of all rows, and no history row refers to a delta row. Each part is a
 * folder of CSV files per table (as {@code ingest} reads {@code <table>/}); from a Parquet marketplace
 * the history is typed Parquet ({@code <table>.parquet/}, what bench/LoadRaw.java copies into a lake, so
 * a 1,000,000-freelancer history need not go through validating ingest first) and the delta CSV.
 *
 * <p>Run: {@code java <spark flags> -cp <jss jar + classpath> bench/SplitDelta.java GENERATED_DIR SHARE
 * OUT}; writes OUT/history and OUT/delta.
 */
public class SplitDelta {
  private static final Map<String, String> EVENT_TIME = new LinkedHashMap<>();

  static {
    EVENT_TIME.put("accounts", "created_at");
    EVENT_TIME.put("contracts", "started_at");
    EVENT_TIME.put("payments", "paid_at");
    EVENT_TIME.put("activity", "occurred_at");
    EVENT_TIME.put("feedback", "submitted_at");
    EVENT_TIME.put("disputes", "opened_at");
    EVENT_TIME.put("account_signals", "observed_at");
    EVENT_TIME.put("review_decisions", "decided_at");
  }

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: SplitDelta GENERATED_DIR SHARE OUT");
      System.exit(2);
    }
    double share = Double.parseDouble(args[1]);
    SparkSession spark = Sessions.create("jss-bench-split", null, Map.of());
    Dataset<Row> activity = read(spark, args[0], "activity");
    java.sql.Timestamp cut =
        activity
            .select(
                functions.percentile_approx(
                    functions.to_timestamp(functions.col("occurred_at")),
                    functions.lit(1 - share),
                    functions.lit(10000)))
            .head()
            .getTimestamp(0);
    System.out.println("cut at " + cut);
    for (TableSpec spec : Schemas.ALL) {
      if (!new File(args[0], spec.name() + ".csv").exists()
          && !new File(args[0], spec.name() + ".parquet").exists()) {
        continue;
      }
      Dataset<Row> rows = read(spark, args[0], spec.name());
      org.apache.spark.sql.Column late =
          functions.to_timestamp(functions.col(EVENT_TIME.get(spec.name()))).geq(functions.lit(cut));
      Dataset<Row> history = rows.where(functions.not(late));
      if (parquet(args[0], spec.name())) {
        // The history stays typed Parquet (for bench/LoadRaw.java); the delta is CSV as a night's export.
        history.write().mode("overwrite").parquet(args[2] + "/history/" + spec.name() + ".parquet");
      } else {
        write(history, args[2] + "/history/" + spec.name());
      }
      write(rows.where(late), args[2] + "/delta/" + spec.name());
    }
    spark.stop();
  }

  private static boolean parquet(String dir, String table) {
    return !new File(dir, table + ".csv").exists();
  }

  private static Dataset<Row> read(SparkSession spark, String dir, String table) {
    return parquet(dir, table)
        ? spark.read().parquet(dir + "/" + table + ".parquet")
        : spark.read().option("header", "true").csv(dir + "/" + table + ".csv");
  }

  private static void write(Dataset<Row> rows, String path) {
    rows.write().mode("overwrite").option("header", "true").csv(path);
  }
}
