package org.jss.io;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The lake: a directory or Hadoop URI of Delta tables laid out as {@code raw/<table>},
 * {@code quarantine/<table>}, {@code scored/<table>} and {@code _runs} (SPEC section 2). This is the only
 * class that reads or writes tables; stages receive Datasets and return Datasets.
 */
public final class Lake {
  public static final String AS_OF_DATE = "as_of_date";

  private final SparkSession spark;
  private final String root;

  private LakeReader reader;

  public Lake(SparkSession spark, String root) {
    this.spark = spark;
    this.root = normalizeRoot(root);
  }

  /** A lake root as the table paths are built from it: no trailing slash. */
  static String normalizeRoot(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** Where a scored table of the lake at {@code root} lives (for readers that have no Lake). */
  static String scoredPathOf(String root, String table) {
    return root + "/scored/" + table;
  }

  /** This lake's scored tables read without Spark jobs (dates from the log, a few rows by key). */
  public LakeReader reader() {
    if (reader == null) {
      reader = new LakeReader(root, spark.sparkContext().hadoopConfiguration());
    }
    return reader;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String rawPath(String table) {
    return rawPathOf(root, table);
  }

  /** Where a raw table of the lake at {@code root} lives (for readers that have no Lake). */
  static String rawPathOf(String root, String table) {
    return root + "/raw/" + table;
  }

  public String quarantinePath(String table) {
    return root + "/quarantine/" + table;
  }

  public String scoredPath(String table) {
    return scoredPathOf(root, table);
  }

  public String runsPath() {
    return root + "/_runs";
  }

  /** Resolves a user-given table name: a scored table's name, or a lake path like raw/contracts. */
  public String resolve(String name) {
    if (name.contains("/") || name.equals("_runs")) {
      return root + "/" + name;
    }
    return scoredPath(name);
  }

  /**
   * Whether a Delta table is at {@code path}: its log holds a commit or a checkpoint. A listing of the
   * log folder, not {@code DeltaTable.isDeltaTable}, which loads the table's snapshot (a second or more
   * per call on a cold JVM, and commands ask this of many tables).
   */
  public boolean exists(String path) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path, "_delta_log");
    try {
      org.apache.hadoop.fs.FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(log)) {
        return false;
      }
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(log)) {
        String n = f.getPath().getName();
        if (n.endsWith(".json") || n.endsWith(".checkpoint.parquet") || n.contains(".checkpoint.")) {
          return true;
        }
      }
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot look for a Delta table at " + path, e);
    }
  }

  /**
   * Every Delta table of the lake as a lake path ({@code raw/contracts}, {@code quarantine/contracts},
   * {@code scored/jss_scores}, {@code _runs}), sorted: what a whole-lake export or check walks. Found by
   * listing the three table folders, so a table written by a newer release is listed too.
   */
  public List<String> tables() {
    List<String> out = new java.util.ArrayList<>();
    for (String area : List.of("raw", "quarantine", "scored")) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root + "/" + area);
      try {
        org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.isDirectory(dir)) {
          continue;
        }
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
          String name = f.getPath().getName();
          if (f.isDirectory() && exists(root + "/" + area + "/" + name)) {
            out.add(area + "/" + name);
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot list the tables under " + dir, e);
      }
    }
    if (exists(runsPath())) {
      out.add("_runs");
    }
    java.util.Collections.sort(out);
    return out;
  }

  /** The raw table, or an empty one of the declared schema when nothing was ingested yet. */
  public Dataset<Row> raw(TableSpec spec) {
    String path = rawPath(spec.name());
    if (!exists(path)) {
      return spark.createDataFrame(List.of(), spec.sparkSchema());
    }
    return spark.read().format("delta").load(path).select(columns(spec));
  }

  /**
   * The raw table as it was at Delta version {@code version} ({@link #version}'s value when a run
   * started; -1: not created yet, so empty). A night reads its inputs this way, so an ingest that
   * commits while the night runs changes nothing it reads: each stage sees the versions {@code _runs}
   * records for the night.
   */
  public Dataset<Row> raw(TableSpec spec, long version) {
    if (version < 0) {
      return spark.createDataFrame(List.of(), spec.sparkSchema());
    }
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(rawPath(spec.name()))
        .select(columns(spec));
  }

  /**
   * What ingest compares a night's rows with, read without the history's other values (an empty frame
   * when nothing was ingested yet): for a keyed table its key columns and {@link RowHash}; for an event
   * log, keyed by the whole row, its declared columns and {@link RowHash} (null on rows stored without
   * one), of which a comparison reads the fingerprint and event times, and the values of the rows
   * without one only.
   */
  public Dataset<Row> rawKeyHashes(TableSpec spec) {
    List<Column> cols = new java.util.ArrayList<>();
    (spec.key().isEmpty() ? spec.columnNames() : spec.key()).forEach(k -> cols.add(functions.col(k)));
    String path = rawPath(spec.name());
    Dataset<Row> rows =
        exists(path)
            ? read(path)
            : spark.createDataFrame(List.of(), spec.sparkSchema()).withColumn(RowHash.COLUMN, RowHash.ofTyped(spec));
    cols.add(
        java.util.Arrays.asList(rows.columns()).contains(RowHash.COLUMN)
            ? functions.col(RowHash.COLUMN)
            : functions.lit(null).cast("long").as(RowHash.COLUMN));
    return rows.select(cols.toArray(Column[]::new));
  }

  /**
   * Adds {@link RowHash} to a raw table written before it existed (by an earlier release, or a loader
   * that skipped it): one rewrite of the table in one commit, once; later ingests append rows that carry
   * it. Returns whether the table was rewritten.
   */
  public boolean ensureRowHash(TableSpec spec) {
    String path = rawPath(spec.name());
    if (!exists(path)) {
      return false;
    }
    Dataset<Row> rows = read(path);
    if (java.util.Arrays.asList(rows.columns()).contains(RowHash.COLUMN)) {
      return false;
    }
    rows.withColumn(RowHash.COLUMN, RowHash.ofTyped(spec))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(path);
    return true;
  }

  private static Column[] columns(TableSpec spec) {
    return spec.columnNames().stream().map(functions::col).toArray(Column[]::new);
  }

  public Dataset<Row> read(String path) {
    return spark.read().format("delta").load(path);
  }


  /**
   * The current Delta version of a table, or -1 when it does not exist: recorded in {@code _runs}. Read
   * from the names of the commit files in the log (no snapshot load, no Spark job: a nightly asks this of
   * every raw table).
   */
  public long version(String path) {
    return latestCommit(path).map(f -> commitVersion(f.getName())).orElse(-1L);
  }

  /**
   * Every raw table's current version, keyed {@code raw/<table>} (-1: not created yet): what a night
   * records in {@code _runs} when it starts and then reads ({@link Snapshot#of(Lake, LocalDate,
   * java.util.Map)}).
   */
  public java.util.Map<String, Long> rawVersions() {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (TableSpec t : Schemas.ALL) {
      out.put("raw/" + t.name(), version(rawPath(t.name())));
    }
    return out;
  }

  /** The newest commit file ({@code <version>.json}) of the table's log, if any. */
  private java.util.Optional<org.apache.hadoop.fs.Path> latestCommit(String path) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path, "_delta_log");
    try {
      org.apache.hadoop.fs.FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(log)) {
        return java.util.Optional.empty();
      }
      org.apache.hadoop.fs.Path best = null;
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(log)) {
        String n = f.getPath().getName();
        if (n.matches("\\d{20}\\.json")
            && (best == null || commitVersion(n) > commitVersion(best.getName()))) {
          best = f.getPath();
        }
      }
      return java.util.Optional.ofNullable(best);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the Delta log of " + path, e);
    }
  }

  private static long commitVersion(String fileName) {
    return Long.parseLong(fileName.substring(0, 20));
  }

  /** Delta's table property naming the only columns whose statistics a written file records. */
  static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /**
   * Sets {@link #STATS_COLUMNS} to {@code column} on a table that a release before it was introduced
   * created (one metadata commit, once): files written from then on record statistics for that column
   * only (see {@link Catalog.Table#lookupColumn}); files already written keep theirs.
   */
  private void keepStatisticsOf(String path, String column) {
    if (!reader().tableProperty(path, STATS_COLUMNS).filter(column::equals).isPresent()) {
      spark.sql(
          "ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('" + STATS_COLUMNS
              + "' = '" + column + "')");
    }
  }

  /**
   * Replaces one as-of date of a scored table in a single Delta commit: readers see the old rows or the
   * new ones, never a mix, and a failed run leaves the previous rows in place. When another run commits
   * to the same date of the table while this write is under way, Delta refuses this commit (optimistic
   * concurrency) and this throws {@link WriteConflict}: the other run's rows stand whole.
   */
  public void replaceDate(String table, Dataset<Row> rows, LocalDate asOf) {
    String path = scoredPath(table);
    Dataset<Row> dated =
        rows.withColumn(AS_OF_DATE, functions.lit(java.sql.Date.valueOf(asOf)));
    java.util.Optional<String> statsColumn =
        Catalog.scored(table)
            .flatMap(Catalog.Table::lookupColumn)
            .filter(List.of(dated.columns())::contains);
    try {
      if (!exists(path)) {
        org.apache.spark.sql.DataFrameWriter<Row> create =
            dated.write().format("delta").partitionBy(AS_OF_DATE).mode("overwrite");
        statsColumn.ifPresent(c -> create.option(STATS_COLUMNS, c));
        create.save(path);
        return;
      }
      statsColumn.ifPresent(c -> keepStatisticsOf(path, c));
      dated
          .write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", AS_OF_DATE + " = DATE'" + asOf + "'")
          .option("mergeSchema", "true")
          .save(path);
    } catch (java.util.ConcurrentModificationException e) {
      // Delta's conflict exceptions (ConcurrentAppendException and kin) extend this one.
      throw new WriteConflict("scored/" + table, asOf, e);
    }
  }

  /**
   * Rows written by the table's last commit, from Delta's commit metrics: the {@code commitInfo} line of
   * the newest commit file, read directly (no scan of the table, no history query).
   */
  public long lastWriteRows(String path) {
    org.apache.hadoop.fs.Path commit =
        latestCommit(path).orElseThrow(() -> new IllegalStateException("no Delta commit at " + path));
    try (java.io.BufferedReader r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                commit.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(commit),
                java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        com.fasterxml.jackson.databind.JsonNode info = JSON.readTree(line).path("commitInfo");
        if (!info.isMissingNode()) {
          return info.path("operationMetrics").path("numOutputRows").asLong(0L);
        }
      }
      return 0L;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read Delta commit " + commit, e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The newest as-of date of a scored table, absent when it was never written. */
  public java.util.Optional<LocalDate> latestDate(String table) {
    return reader().latestDate(table, null);
  }

  /** The newest as-of date of a scored table before {@code asOf}: the previous run's. */
  public java.util.Optional<LocalDate> latestDateBefore(String table, LocalDate asOf) {
    return reader().latestDate(table, asOf);
  }

  /**
   * Every as-of date of a scored table, oldest first (empty when it was never written): the partition
   * values in the table's log, no Spark job.
   */
  public List<LocalDate> dates(String table) {
    return reader().dates(table);
  }

  /** One as-of date of a scored table. */
  public Dataset<Row> scoredDate(String table, LocalDate asOf) {
    return read(scoredPath(table))
        .where(functions.col(AS_OF_DATE).equalTo(functions.lit(java.sql.Date.valueOf(asOf))));
  }

  /**
   * Adds nullable {@code columns} after the existing ones of the Delta table at {@code path}: a change to
   * the log only, no data file rewritten; rows already there read null in them.
   */
  public void addColumns(String path, List<org.apache.spark.sql.types.StructField> columns) {
    if (columns.isEmpty()) {
      return;
    }
    String list =
        columns.stream()
            .map(f -> "`" + f.name() + "` " + f.dataType().sql())
            .collect(java.util.stream.Collectors.joining(", "));
    spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + list + ")");
  }

  public void append(String path, Dataset<Row> rows) {
    rows.write().format("delta").mode("append").option("mergeSchema", "true").save(path);
  }

  /**
   * Inserts the rows whose key is not yet in the Delta table at {@code path} (a MERGE with only a
   * "when not matched then insert" clause), creating the table on first use. Keys compare null-safe, so
   * event logs keyed by the whole row, optional columns included, load once however often they are
   * merged. The caller de-duplicates {@code rows} by key: two new rows with the same key would both be
   * inserted. Cost: one join of the rows with the table.
   */
  public void mergeInsertNew(String path, Dataset<Row> rows, List<String> key) {
    if (!exists(path)) {
      rows.write().format("delta").mode("append").save(path);
      return;
    }
    Column on =
        key.stream()
            .map(k -> functions.col("t.`" + k + "`").eqNullSafe(functions.col("s.`" + k + "`")))
            .reduce(Column::and)
            .orElseThrow();
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(rows.as("s"), on)
        .whenNotMatched()
        .insertAll()
        .execute();
  }
}
