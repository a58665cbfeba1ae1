import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Lake;
import org.jss.io.LakeDiff;
import org.jss.io.Sessions;

/**
 * Benchmark-only: are two lakes the same, row for row? Every Delta table under {@code raw/},
 * {@code quarantine/} and {@code scored/} of either lake (a path or any Hadoop URI) must exist in both and
 * hold the same multiset of rows ({@link LakeDiff}: all columns but the run bookkeeping ones).
 * {@code _runs} is bookkeeping and skipped. Prints one line per table and exits 1 on any difference.
 *
 * <p>Run: {@code java <spark flags> -cp <jss jar + classpath> bench/CompareLakes.java LAKE_A LAKE_B}.
 */
public class CompareLakes {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CompareLakes LAKE_A LAKE_B");
      System.exit(2);
    }
    SparkSession spark = Sessions.create("jss-bench-compare", null, Map.of());
    Lake a = new Lake(spark, args[0]);
    Lake b = new Lake(spark, args[1]);
    Set<String> tables = new TreeSet<>(a.tables());
    tables.addAll(b.tables());
    tables.remove("_runs");
    int differ = 0;
    long rows = 0;
    for (String t : tables) {
      if (!a.exists(a.resolve(t)) || !b.exists(b.resolve(t))) {
        System.out.printf("%-36s only in %s%n", t, a.exists(a.resolve(t)) ? "A" : "B");
        differ++;
        continue;
      }
      LakeDiff.Result r = LakeDiff.compare(a.read(a.resolve(t)), b.read(b.resolve(t)));
      rows += r.rowsA();
      differ += r.same() ? 0 : 1;
      System.out.printf("%-36s %s%n", t, r);
    }
    System.out.printf("%d tables, %,d rows compared, %d differ%n", tables.size(), rows, differ);
    spark.stop();
    System.exit(differ == 0 ? 0 : 1);
  }
}
