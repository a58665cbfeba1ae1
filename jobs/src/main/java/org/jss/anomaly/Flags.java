package org.jss.anomaly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jss.io.Catalog;

/**
 * The shape of one flag in {@code anomaly_flags}: the flagged freelancer, the detector, a severity and
 * score, one sentence a reviewer can read aloud, and the evidence behind it (the metric, its value, the
 * baseline it was compared with, a p-value or robust z where a test was made, the linked accounts and the
 * contracts involved).
 */
public final class Flags {
  private Flags() {}

  /** The flag columns ({@link Catalog#ANOMALY_FLAGS}). */
  public static final StructType SCHEMA = Catalog.ANOMALY_FLAGS.schema();

  /** Projects a detector's output onto the flag schema, in order and with the declared types. */
  public static Dataset<Row> conform(Dataset<Row> df) {
    Column[] cols =
        java.util.Arrays.stream(SCHEMA.fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return df.select(cols);
  }

  public static Dataset<Row> of(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** A flag row built on the driver (for detectors that test a small candidate set there). */
  public static Row row(
      String account, String detector, String severity, double score, String sentence, String metric,
      double value, Double baseline, Double pValue, Double z, List<String> linked, List<String> contracts) {
    return RowFactory.create(
        account, detector, severity, score, sentence, metric, value, baseline, pValue, z,
        scala.jdk.javaapi.CollectionConverters.asScala(linked).toSeq(),
        scala.jdk.javaapi.CollectionConverters.asScala(contracts).toSeq());
  }

  /** Severity order for ranking: HIGH first. */
  public static Column severityRank(Column severity) {
    return org.apache.spark.sql.functions
        .when(severity.equalTo(lit("HIGH")), lit(3))
        .when(severity.equalTo(lit("MEDIUM")), lit(2))
        .otherwise(lit(1));
  }
}
