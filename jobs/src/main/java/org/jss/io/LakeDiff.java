package org.jss.io;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Are two tables (or two dates of one) the same, row for row? Rows compare as a multiset of the JSON of
 * every column but the run bookkeeping ones ({@code run_id}, {@code ingest_id}, {@code ingested_at}: they
 * name the run, not its result), timestamps to the microsecond. What the fault harness and the benchmarks'
 * lake comparisons (a cluster run against a local one) rest on.
 */
public final class LakeDiff {
  private LakeDiff() {}

  /** Columns that name the run that wrote a row rather than what the row says. */
  public static final Set<String> BOOKKEEPING = Set.of("run_id", "ingest_id", "ingested_at");

  /** Row counts of both sides, rows in excess on each side, and a few differing rows to look at. */
  public record Result(long rowsA, long rowsB, long onlyA, long onlyB, List<String> examples) {
    public boolean same() {
      return onlyA == 0 && onlyB == 0;
    }

    @Override
    public String toString() {
      return same()
          ? String.format("%,d rows, identical", rowsA)
          : String.format(
              "DIFFERS (%,d vs %,d rows; %,d only in A, %,d only in B)%s", rowsA, rowsB, onlyA, onlyB,
              examples.isEmpty() ? "" : "\n  " + String.join("\n  ", examples));
    }
  }

  /** The rows as one JSON string each (column {@code row}), columns in name order, bookkeeping left out. */
  public static Dataset<Row> canonical(Dataset<Row> df) {
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

  /** Compares two frames' rows in one aggregation (each distinct row with how often each side has it). */
  public static Result compare(Dataset<Row> a, Dataset<Row> b) {
    Dataset<Row> perRow =
        canonical(a)
            .withColumn("side", lit(0))
            .unionByName(canonical(b).withColumn("side", lit(1)))
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
    List<String> examples = List.of();
    if (totals.getLong(2) + totals.getLong(3) > 0) {
      // A handful, to start looking from: limited before collecting.
      examples =
          perRow.where(col("in_a").notEqual(col("in_b"))).limit(6).collectAsList().stream()
              .map(r -> String.format("A x%d, B x%d: %s", r.getLong(1), r.getLong(2), r.getString(0)))
              .toList();
    }
    return new Result(totals.getLong(0), totals.getLong(1), totals.getLong(2), totals.getLong(3), examples);
  }
}
