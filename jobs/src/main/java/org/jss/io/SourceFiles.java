package org.jss.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jss.base.UserError;
import org.jss.io.ColumnSpec.ColType;

/**
 * Finds and opens the input files of an ingest: {@code <table>.<ext>} or a folder {@code <table>/} in a
 * source directory (any Hadoop-compatible URI). Every column is read as a string, so the original text of
 * a bad value survives into quarantine; typing is the validator's job.
 *
 * <p>Everything that can make a whole file unusable is found here, when the file is opened and before
 * any table loads: a missing source, a name that looks like a misspelt table, binary content, a missing
 * required column, a Parquet column of a type that cannot hold the value. Such a file stops the ingest
 * with a {@link UserError} naming it, and nothing is loaded. What is wrong with single rows (bad values,
 * broken lines, text that is not UTF-8) is left to validation, which quarantines those rows only.
 *
 * <p>An empty input (a header with no rows, an empty JSON-lines file, an empty folder or a Parquet file
 * without rows) opens as zero rows: a quiet night is ordinary input.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** The column holding the file each row came from. */
  public static final String SOURCE_FILE = "_source_file";

  /**
   * Whether an input column the table does not declare is kept, as text, in the raw table (an exporter
   * adding a column must not lose it): a plain name (letter, then letters, digits or underscores) that
   * differs from every declared column even in case. Names outside that pattern, which Delta could not
   * store as they are or which would collide with the pipeline's own columns (all start with {@code _}),
   * are left out.
   */
  static boolean keptExtra(TableSpec spec, String column) {
    return column.matches("[A-Za-z][A-Za-z0-9_]*")
        && spec.columnNames().stream().noneMatch(column::equalsIgnoreCase);
  }

  /** The extra columns among {@code columns}, in their order, the first of names equal but for case. */
  public static List<String> extras(TableSpec spec, String[] columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      if (keptExtra(spec, c) && out.stream().noneMatch(c::equalsIgnoreCase)) {
        out.add(c);
      }
    }
    return out;
  }

  /** How many leading bytes of each text file are checked for binary content. */
  private static final int SNIFF_BYTES = 64 * 1024;

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

  /** The bytes of the files at {@code paths} (files, or folders summed over what they hold). */
  public static long bytes(SparkSession spark, java.util.Collection<String> paths) {
    long total = 0L;
    for (String p : paths) {
      Path path = new Path(p);
      try {
        total += path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getContentSummary(path).getLength();
      } catch (IOException e) {
        throw new UserError("cannot read the size of " + p + ": " + e.getMessage(), e);
      }
    }
    return total;
  }

  /**
   * The file or folder of each table found in {@code dir}, in the order of {@code tables}. A table with
   * no input is simply absent. Entries that are no table's input are reported to {@code note} and left
   * alone (a {@code labels.csv} or a README beside the exports is common), except a name that looks like
   * a misspelt table ({@code Contracts.csv}, {@code contract.csv}): silently leaving that table out would
   * load a night without it, so it stops the ingest.
   *
   * @throws UserError when the source directory does not exist, a table has both a file and a folder,
   *     an entry looks like a misspelt table, or no entry of {@code format} exists while entries of
   *     another input format do
   */
  public static Map<TableSpec, String> locate(
      SparkSession spark, String dir, List<TableSpec> tables, Format format, Consumer<String> note) {
    Path root = new Path(dir);
    FileStatus[] entries;
    FileSystem fs;
    try {
      fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new UserError("--source " + dir + " is not a directory");
      }
      entries = fs.listStatus(root);
    } catch (java.io.FileNotFoundException e) {
      throw new UserError("--source " + dir + " does not exist", e);
    } catch (IOException e) {
      throw new UserError("cannot list --source " + dir + ": " + e.getMessage(), e);
    }
    Map<String, TableSpec> byName = new LinkedHashMap<>();
    tables.forEach(t -> byName.put(t.name(), t));
    Map<TableSpec, String> found = new LinkedHashMap<>();
    Set<String> otherFormats = new TreeSet<>();
    String ext = "." + format.extension();
    for (FileStatus e : entries) {
      String name = e.getPath().getName();
      if (hidden(name)) {
        continue;
      }
      String base;
      if (e.isDirectory()) {
        base = name;
      } else if (name.endsWith(ext)) {
        base = name.substring(0, name.length() - ext.length());
      } else {
        if (isInputFile(name)) {
          otherFormats.add(name);
        }
        note.accept("ignored " + e.getPath() + ": not a ." + format.extension() + " file");
        continue;
      }
      TableSpec spec = byName.get(base);
      if (spec == null) {
        String near = nearestTable(base, byName.keySet());
        if (near != null) {
          throw new UserError(
              e.getPath() + " matches no table; did you mean " + near + ext + "? (tables: "
                  + String.join(", ", byName.keySet()) + ")");
        }
        note.accept(
            "ignored " + e.getPath() + ": matches no table (tables: "
                + String.join(", ", byName.keySet()) + ")");
        continue;
      }
      if (found.containsKey(spec)) {
        throw new UserError(
            "both " + new Path(root, base + ext) + " and " + new Path(root, base) + "/ exist: keep one"
                + " of them for table " + base);
      }
      found.put(spec, e.getPath().toString());
    }
    if (found.isEmpty() && !otherFormats.isEmpty()) {
      throw new UserError(
          "no ." + format.extension() + " input in --source " + dir + ", but " + otherFormats
              + " are there: is --format right?");
    }
    Map<TableSpec, String> ordered = new LinkedHashMap<>();
    tables.stream().filter(found::containsKey).forEach(t -> ordered.put(t, found.get(t)));
    return ordered;
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static boolean isInputFile(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Format f : Format.values()) {
      if (lower.endsWith("." + f.extension())) {
        return true;
      }
    }
    return false;
  }

  /** A table name within two edits of {@code base} (case aside), or null. */
  static String nearestTable(String base, Set<String> tables) {
    String b = base.toLowerCase(Locale.ROOT);
    for (String t : tables) {
      if (editDistance(b, t) <= 2) {
        return t;
      }
    }
    return null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The declared columns of a table's file or folder as strings, then its {@link #extras} as strings,
   * then {@link #SOURCE_FILE}. Columns the file lacks are null. Lazy: the rows are read by whoever uses
   * them.
   *
   * <p>CSV is read line by line in parallel splits unless a quoted field spans lines somewhere in the
   * input (a line with an odd number of quote characters, found by one quick scan of the text), in
   * which case each file is parsed as a whole so those records stay intact. JSON lines are read with the
   * declared columns as strings, so a value of the wrong JSON type arrives as its JSON text and fails
   * its parse (UNPARSABLE) instead of changing the table's schema; a line that is not JSON arrives with
   * every column null.
   *
   * @throws UserError naming the file when it cannot be read, holds binary data, lacks a required column
   *     or (Parquet) has a column of a type that cannot hold its value
   */
  public static Dataset<Row> open(SparkSession spark, String path, Format format, TableSpec spec) {
    List<FileStatus> files = dataFiles(spark, path);
    long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
    if (bytes == 0) {
      return empty(spark, spec);
    }
    if (format != Format.PARQUET) {
      for (FileStatus f : files) {
        checkText(spark, f);
      }
    }
    Dataset<Row> df;
    try {
      df =
          switch (format) {
            case CSV -> readCsv(spark, path);
            case JSON -> readJson(spark, path, files, spec);
            case PARQUET -> spark.read().parquet(path);
          };
    } catch (UserError e) {
      throw e;
    } catch (Exception e) {
      throw new UserError(
          "cannot read " + path + " as " + format.extension() + ": " + firstLine(e.getMessage()), e);
    }
    List<String> found = List.of(df.columns());
    if (format != Format.JSON) {
      for (String c : spec.requiredColumns()) {
        if (!found.contains(c)) {
          throw new UserError(
              path + ": missing required column '" + c + "' (columns found: "
                  + String.join(", ", found) + ")");
        }
      }
    }
    if (format == Format.PARQUET) {
      checkParquetTypes(path, df.schema(), spec);
    }
    List<Column> cols = new ArrayList<>();
    for (String c : spec.columnNames()) {
      cols.add(
          found.contains(c)
              ? col("`" + c + "`").cast("string").as(c)
              : lit(null).cast("string").as(c));
    }
    for (String c : extras(spec, df.columns())) {
      cols.add(col("`" + c + "`").cast("string").as(c));
    }
    cols.add(col("_metadata.file_path").as(SOURCE_FILE));
    return df.select(cols.toArray(Column[]::new));
  }

  /** Zero rows of the string columns {@link #open} gives. */
  private static Dataset<Row> empty(SparkSession spark, TableSpec spec) {
    List<StructField> f = new ArrayList<>();
    spec.columnNames().forEach(c -> f.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
    f.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, true));
    return spark.createDataFrame(List.of(), DataTypes.createStructType(f));
  }

  /** The data files of a file or folder, skipping Hadoop's hidden files (_SUCCESS, .crc). */
  private static List<FileStatus> dataFiles(SparkSession spark, String path) {
    Path p = new Path(path);
    List<FileStatus> out = new ArrayList<>();
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!hiddenBelow(p, f.getPath())) {
          out.add(f);
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list " + path + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static boolean hiddenBelow(Path root, Path file) {
    for (Path q = file; q != null && !q.equals(root); q = q.getParent()) {
      if (hidden(q.getName())) {
        return true;
      }
    }
    return false;
  }

  /** A text input with a NUL byte in its first bytes is binary (or UTF-16), not CSV or JSON lines. */
  private static void checkText(SparkSession spark, FileStatus f) {
    byte[] head = new byte[(int) Math.min(SNIFF_BYTES, f.getLen())];
    try (FSDataInputStream in =
        f.getPath().getFileSystem(spark.sparkContext().hadoopConfiguration()).open(f.getPath())) {
      in.readFully(0, head);
    } catch (IOException e) {
      throw new UserError("cannot read " + f.getPath() + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < head.length; i++) {
      if (head[i] == 0) {
        throw new UserError(
            f.getPath() + ": binary content (a NUL byte at offset " + i + "), not UTF-8 text: export"
                + " the table as UTF-8 CSV or JSON lines");
      }
    }
  }

  private static Dataset<Row> readCsv(SparkSession spark, String path) {
    DataFrameReader r =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "false")
            .option("escape", "\"")
            .option("mode", "PERMISSIVE")
            .option("multiLine", String.valueOf(quotedLineBreaks(spark, path)));
    return r.csv(path);
  }

  /**
   * Whether some quoted field of the CSV input spans lines: with quotes escaped by doubling (RFC 4180), a
   * record crosses a line break exactly when one of its lines holds an odd number of quote characters.
   */
  private static boolean quotedLineBreaks(SparkSession spark, String path) {
    Column line = col("value");
    Column quotes = length(line).minus(length(translate(line, "\"", "")));
    // Most exports quote nothing: a byte search rules those lines out before any counting.
    return !spark.read().text(path).where(line.contains("\"").and(quotes.mod(2).equalTo(1))).isEmpty();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * JSON lines with the declared columns as strings. The first record of each file stands for its header:
   * when it lacks a required field the file is refused, as a CSV file missing the column would be.
   */
  private static Dataset<Row> readJson(
      SparkSession spark, String path, List<FileStatus> files, TableSpec spec) {
    java.util.LinkedHashSet<String> fieldsSeen = new java.util.LinkedHashSet<>();
    for (FileStatus f : files) {
      JsonNode first = firstJsonRecord(spark, f);
      if (first == null) {
        continue;
      }
      first.fieldNames().forEachRemaining(fieldsSeen::add);
      for (String c : spec.requiredColumns()) {
        if (!first.has(c)) {
          List<String> names = new ArrayList<>();
          first.fieldNames().forEachRemaining(names::add);
          throw new UserError(
              f.getPath() + ": missing required column '" + c + "' in its first record (fields found: "
                  + String.join(", ", names) + ")");
        }
      }
    }
    List<StructField> fields = new ArrayList<>();
    spec.columnNames()
        .forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
    // Extra fields are known from each file's first record, as its header stands for a CSV file's.
    extras(spec, fieldsSeen.toArray(String[]::new))
        .forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
    return spark.read().schema(DataTypes.createStructType(fields)).option("mode", "PERMISSIVE").json(path);
  }

  /** The first non-blank line of a JSON-lines file as a JSON object, or null for a blank file. */
  private static JsonNode firstJsonRecord(SparkSession spark, FileStatus f) {
    try (InputStream in =
            f.getPath().getFileSystem(spark.sparkContext().hadoopConfiguration()).open(f.getPath());
        java.io.BufferedReader r =
            new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a byte-order mark, as some exporters write
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new UserError(
              f.getPath() + " line " + n + ": not JSON (" + firstLine(e.getMessage())
                  + "): the input must be JSON lines, one object per line");
        }
        if (node == null || !node.isObject()) {
          throw new UserError(
              f.getPath() + " line " + n + ": not a JSON object: the input must be JSON lines, one"
                  + " object per line");
        }
        return node;
      }
      return null;
    } catch (IOException e) {
      throw new UserError("cannot read " + f.getPath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parquet carries types: a column whose type cannot hold the declared value (a boolean amount, a
   * floating-point amount that would lose cents, a number where a timestamp belongs) makes the file
   * unusable as it is, so it is refused naming the column rather than quarantining every row.
   */
  static void checkParquetTypes(String path, StructType schema, TableSpec spec) {
    for (ColumnSpec c : spec.columns()) {
      if (!List.of(schema.fieldNames()).contains(c.name())) {
        continue;
      }
      DataType t = schema.apply(c.name()).dataType();
      if (t == DataTypes.StringType || t == DataTypes.NullType) {
        continue;
      }
      boolean integral =
          t == DataTypes.ByteType
              || t == DataTypes.ShortType
              || t == DataTypes.IntegerType
              || t == DataTypes.LongType;
      boolean ok =
          switch (c.type()) {
            case STRING -> integral;
            case TIMESTAMP ->
                t == DataTypes.TimestampType
                    || t == DataTypes.TimestampNTZType
                    || t == DataTypes.DateType;
            case MONEY -> integral || t instanceof DecimalType;
            case DOUBLE ->
                integral
                    || t instanceof DecimalType
                    || t == DataTypes.DoubleType
                    || t == DataTypes.FloatType;
            case BOOLEAN -> t == DataTypes.BooleanType;
          };
      if (!ok) {
        throw new UserError(
            path + ": column '" + c.name() + "' is " + t.simpleString() + "; expected "
                + expected(c.type()));
      }
    }
  }

  private static String expected(ColType type) {
    return switch (type) {
      case STRING -> "string (or an integer id)";
      case TIMESTAMP -> "timestamp, date or ISO-8601 string";
      case MONEY -> "decimal, integer or string (floating point would lose cents)";
      case DOUBLE -> "a number or string";
      case BOOLEAN -> "boolean or string";
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
