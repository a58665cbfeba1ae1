import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jss.anomaly.AnomalyConfig;
import org.jss.anomaly.AnomalyInputs;
import org.jss.anomaly.Detector;
import org.jss.anomaly.Detectors;
import org.jss.io.Lake;
import org.jss.io.Snapshot;

/**
 * The physical plan of each anomaly detector on a lake: operators, shuffle exchanges and broadcast
 * exchanges of its flag plan (from the executed plan, as explain("formatted") lists them), the Spark jobs
 * it runs to build and count its flags, and its wall time. Run with the jar's classpath:
 *   java $flags -cp "$jar:$(cat jobs/target/classpath.txt)" bench/DetectorPlans.java LAKE YYYY-MM-DD
 * It reads only what every release's detectors share (a name and a function of the night's inputs), so
 * the same file measures two releases side by side.
 */
public final class DetectorPlans {
  public static void main(String[] args) throws Exception {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("detector-plans")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    AtomicInteger jobs = new AtomicInteger();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart e) {
                jobs.incrementAndGet();
              }
            });
    Lake lake = new Lake(spark, args[0]);
    AnomalyInputs in = AnomalyInputs.of(Snapshot.of(lake, LocalDate.parse(args[1]), lake.rawVersions()));
    System.out.printf("%-18s %9s %9s %10s %6s %7s %8s%n", "detector", "operators", "exchanges", "broadcasts",
        "jobs", "flags", "seconds");
    for (Detector d : Detectors.all(AnomalyConfig.defaults())) {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      int before = jobs.get();
      long t0 = System.nanoTime();
      Dataset<Row> flags = d.flags().apply(in);
      // Before the run: the adaptive plan as planned (after it, the tree prints the initial plan too).
      String plan = flags.queryExecution().executedPlan().treeString();
      long n = flags.count();
      double s = (System.nanoTime() - t0) / 1e9;
      spark.sparkContext().listenerBus().waitUntilEmpty();
      Map<String, Integer> c = counts(plan);
      System.out.printf("%-18s %9d %9d %10d %6d %7d %8.1f%n", d.name(), c.get("ops"), c.get("exchange"),
          c.get("broadcast"), jobs.get() - before, n, s);
    }
    spark.stop();
  }

  /**
   * Plan nodes are the tree's lines; an exchange line names its kind. A cached relation's own plan
   * (printed under its InMemoryRelation) ran once, in the job that filled the cache, and is not counted.
   */
  static Map<String, Integer> counts(String plan) {
    int ops = 0, exchange = 0, broadcast = 0;
    int skipDeeperThan = -1;
    for (String line : plan.split("\n")) {
      String node = line.replaceFirst("^[\\s:+\\-|]*", "");
      int depth = line.length() - node.length();
      if (node.isEmpty() || (skipDeeperThan >= 0 && depth > skipDeeperThan)) {
        continue;
      }
      skipDeeperThan = node.startsWith("InMemoryRelation") ? depth : -1;
      ops++;
      if (node.startsWith("BroadcastExchange")) {
        broadcast++;
      } else if (node.startsWith("Exchange")) {
        exchange++;
      }
    }
    return Map.of("ops", ops, "exchange", exchange, "broadcast", broadcast);
  }
}
