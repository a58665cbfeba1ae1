package org.jss.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jss.base.UserError;

/**
 * Writes a lake table as one local file: rows sorted for a stable order, nested columns as JSON text in
 * CSV. Spark writes a single part file into a temporary folder, which is then moved into place, so a
 * failed export never leaves a half-written file at the destination.
 */
public final class Exporter {
  private Exporter() {}

  /**
   * Timestamps with all six fraction digits and the offset (Spark's default keeps milliseconds): an
   * export holds what the table holds, so it can be compared value by value with any other reader.
   */
  static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

  public static long export(Lake lake, String table, LocalDate asOf, String format, Path out) {
    String path = lake.resolve(table);
    if (!lake.exists(path)) {
      throw new UserError("no table '" + table + "' in lake " + lake.root() + " (looked for " + path + ")");
    }
    return write(lake.read(path), table, asOf, format, out);
  }

  /**
   * Every table of the lake ({@link Lake#tables()}) into {@code dir}: {@code <lake path>.<format>} with
   * its rows and {@code <lake path>.schema.json} with the table's Spark schema, so another reader of the
   * same tables can be checked against the pipeline's own values and types. Returns rows per table.
   */
  public static java.util.Map<String, Long> exportAll(Lake lake, String format, Path dir) {
    java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
    for (String table : lake.tables()) {
      Dataset<Row> df = lake.read(lake.resolve(table));
      Path out = dir.resolve(table + "." + format);
      try {
        Files.createDirectories(out.getParent());
        Files.writeString(dir.resolve(table + ".schema.json"), df.schema().prettyJson());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write into " + dir, e);
      }
      rows.put(table, write(df, table, null, format, out));
    }
    return rows;
  }

  private static long write(Dataset<Row> df, String table, LocalDate asOf, String format, Path out) {
    if (asOf != null) {
      if (!Arrays.asList(df.columns()).contains(Lake.AS_OF_DATE)) {
        throw new UserError("--as-of: table '" + table + "' has no as_of_date column");
      }
      df = df.where(col(Lake.AS_OF_DATE).equalTo(lit(java.sql.Date.valueOf(asOf))));
    }
    Column[] sortable =
        Arrays.stream(df.schema().fields())
            .filter(f -> !(f.dataType() instanceof MapType))
            .map(f -> col(f.name()))
            .toArray(Column[]::new);
    df = df.orderBy(sortable);
    if (format.equals("csv")) {
      df = flattenNested(df);
    }
    // Counted from the table, not by reading the file back: Spark skips files named _* (an export of
    // _runs) and cannot infer a schema from an empty one.
    long rows = df.count();
    Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
    deleteRecursively(tmp);
    var w = df.coalesce(1).write().mode("overwrite").option("timestampFormat", TIMESTAMP_FORMAT);
    if (format.equals("csv")) {
      // RFC 4180 quoting (a quote inside a field is doubled), so nested columns written as JSON text
      // read back in pandas, spreadsheets and other CSV tools without shifting columns.
      w.option("header", "true").option("emptyValue", "").option("escape", "\"").csv(tmp.toString());
    } else {
      w.json(tmp.toString());
    }
    try (Stream<Path> parts = Files.list(tmp)) {
      Path part =
          parts
              .filter(p -> p.getFileName().toString().startsWith("part-"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("Spark wrote no part file in " + tmp));
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(tmp);
    }
    return rows;
  }

  private static Dataset<Row> flattenNested(Dataset<Row> df) {
    StructType schema = df.schema();
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      boolean nested =
          f.dataType() instanceof ArrayType
              || f.dataType() instanceof MapType
              || f.dataType() instanceof StructType;
      cols[i] = nested ? to_json(col(f.name())).as(f.name()) : col(f.name());
    }
    return df.select(cols);
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
