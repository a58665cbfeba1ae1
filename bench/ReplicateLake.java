import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Lake;

/**
 * A larger lake for the console's load test, made of COPIES copies of one night of a scored lake: what
 * `jss serve` reads (jss_explanations, review_cases, anomaly_flags of DATE, and raw accounts) and what
 * `jss explain` reads (jss_scores, jss_contract_outcomes, jss_changes, inactive_contracts), with every
 * account id of copy k > 0 suffixed "-rk" (inside the explanation JSON too). The console's cost depends on
 * how many rows and how long the JSON documents are, not on how the scores were made, so ten copies of a
 * 100,000-freelancer night stand for a 1,000,000-freelancer night without a 40-minute nightly. Run with
 * the jar's classpath:
 *   java $flags -cp "$jar:$(cat jobs/target/classpath.txt)" bench/ReplicateLake.java FROM DATE COPIES TO
 */
public final class ReplicateLake {
  public static void main(String[] a) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("replicate-lake")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    Lake from = new Lake(spark, a[0]);
    LocalDate date = LocalDate.parse(a[1]);
    int copies = Integer.parseInt(a[2]);
    Lake to = new Lake(spark, a[3]);
    Dataset<Row> k = spark.range(1).select(explode(sequence(lit(0), lit(copies - 1))).as("k"));
    Column suffix = when(col("k").equalTo(0), lit("")).otherwise(concat(lit("-r"), col("k").cast("string")));

    Dataset<Row> ex = from.scoredDate("jss_explanations", date).crossJoin(k);
    ex = ex.withColumn(
            "json",
            replace(col("json"), concat(lit("\"freelancer_id\" : \""), col("freelancer_id"), lit("\"")),
                concat(lit("\"freelancer_id\" : \""), col("freelancer_id"), suffix, lit("\""))))
        .withColumn("freelancer_id", concat(col("freelancer_id"), suffix));
    write(ex.drop("k"), to.scoredPath("jss_explanations"), true);

    // What `jss explain` reads of one freelancer (the load test's peer), under the same new ids.
    for (String t : new String[] {"jss_scores", "jss_contract_outcomes", "jss_changes", "inactive_contracts"}) {
      Dataset<Row> rows = from.scoredDate(t, date).crossJoin(k)
          .withColumn("freelancer_id", concat(col("freelancer_id"), suffix));
      write(rows.drop("k"), to.scoredPath(t), true);
    }

    Dataset<Row> cases = from.scoredDate("review_cases", date).crossJoin(k)
        .withColumn("account_id", concat(col("account_id"), suffix))
        .withColumn("case_id", concat(col("case_id"), suffix));
    write(cases.drop("k"), to.scoredPath("review_cases"), true);

    Dataset<Row> flags = from.scoredDate("anomaly_flags", date).crossJoin(k)
        .withColumn("account_id", concat(col("account_id"), suffix))
        .withColumn("linked_accounts", transform(col("linked_accounts"), x -> concat(x, suffix)));
    write(flags.drop("k"), to.scoredPath("anomaly_flags"), true);

    Dataset<Row> accounts = from.read(from.rawPath("accounts")).crossJoin(k)
        .withColumn("account_id", concat(col("account_id"), suffix));
    write(accounts.drop("k"), to.rawPath("accounts"), false);
    System.out.printf("%,d explanations, %,d cases, %,d flags, %,d accounts in %s%n",
        spark.read().format("delta").load(to.scoredPath("jss_explanations")).count(),
        spark.read().format("delta").load(to.scoredPath("review_cases")).count(),
        spark.read().format("delta").load(to.scoredPath("anomaly_flags")).count(),
        spark.read().format("delta").load(to.rawPath("accounts")).count(), a[3]);
    spark.stop();
  }

  private static void write(Dataset<Row> rows, String path, boolean byDate) {
    var w = rows.write().format("delta").mode("overwrite");
    if (byDate) {
      w = w.partitionBy("as_of_date");
    }
    w.save(path);
  }
}
