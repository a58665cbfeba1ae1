package org.jss.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jss.cli.UserError;

/**
 * Reads the input files of an ingest: {@code <table>.<ext>} or a folder {@code <table>/} in a source
 * directory (any Hadoop-compatible URI). Every column is read as a string, so the original text of a bad
 * value survives into quarantine; typing is the validator's job.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** The column holding the file each row came from. */
  public static final String SOURCE_FILE = "_source_file";

  /** The input formats of {@code ingest --format}. */
  public enum Format {
    CSV,
    JSON,
    PARQUET;

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserError("unknown format '" + s + "': use csv, json or parquet");
      }
    }
  }

  /**
   * The file or folder holding {@code table} in {@code dir}, if any.
   *
   * @throws UserError when the source directory does not exist, or both a file and a folder exist
   */
  public static Optional<String> locate(SparkSession spark, String dir, String table, Format format) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new UserError("--source " + dir + " is not a directory");
      }
      Path file = new Path(root, table + "." + format.extension());
      Path folder = new Path(root, table);
      boolean hasFile = fs.isFile(file);
      boolean hasFolder = fs.exists(folder) && fs.getFileStatus(folder).isDirectory();
      if (hasFile && hasFolder) {
        throw new UserError(
            "both " + file + " and " + folder + "/ exist: keep one of them for table " + table);
      }
      if (hasFile) {
        return Optional.of(file.toString());
      }
      return hasFolder ? Optional.of(folder.toString()) : Optional.empty();
    } catch (java.io.FileNotFoundException e) {
      throw new UserError("--source " + dir + " does not exist", e);
    } catch (IOException e) {
      throw new UserError("cannot list --source " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The given columns of a file or folder as strings, plus {@link #SOURCE_FILE}. Columns the file lacks
   * are null; extra columns are ignored.
   *
   * @throws UserError naming the file when it cannot be read or lacks one of {@code required}
   */
  public static Dataset<Row> readAsStrings(
      SparkSession spark, String path, Format format, List<String> columns, List<String> required) {
    Dataset<Row> df;
    List<String> found;
    try {
      DataFrameReader r = spark.read();
      df =
          switch (format) {
            case CSV ->
                r.option("header", "true")
                    .option("inferSchema", "false")
                    .option("escape", "\"")
                    .option("mode", "PERMISSIVE")
                    .csv(path);
            case JSON -> r.option("primitivesAsString", "true").json(path);
            case PARQUET -> r.parquet(path);
          };
      found = List.of(df.columns());
    } catch (Exception e) {
      throw new UserError(
          "cannot read " + path + " as " + format.extension() + ": " + firstLine(e.getMessage()), e);
    }
    for (String c : required) {
      if (!found.contains(c)) {
        throw new UserError(
            path + ": missing required column '" + c + "' (columns found: " + String.join(", ", found)
                + ")");
      }
    }
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      cols.add(found.contains(c) ? col("`" + c + "`").cast("string").as(c) : lit(null).cast("string").as(c));
    }
    cols.add(col("_metadata.file_path").as(SOURCE_FILE));
    return df.select(cols.toArray(Column[]::new));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
