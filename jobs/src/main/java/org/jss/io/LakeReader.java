package org.jss.io;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads a lake's scored tables without Spark, with Delta Kernel (the Delta project's library for readers
 * without a query engine): the as-of dates of a table from its log's partition values, and one
 * freelancer's or account's rows of one date. Commands that only read a few rows ({@code explain}) use it
 * instead of starting a Spark session, and a nightly asks it for the previous run's date instead of
 * running a Spark job over the table.
 *
 * <p>Rows come back as Spark {@link Row}s with the values Spark's own {@code collect} gives (dates as
 * {@link java.sql.Date}, timestamps as {@link Timestamp}, arrays as Scala sequences, structs as rows with
 * their schema), so the code that reads them does not depend on which reader produced them.
 */
public final class LakeReader {
  private final String root;
  private final Engine engine;

  /** {@code hadoop}: the file system settings (object-store credentials and the like). */
  public LakeReader(String root, Configuration hadoop) {
    this.root = Lake.normalizeRoot(root);
    this.engine = DefaultEngine.create(hadoop);
  }

  public String root() {
    return root;
  }

  /** Every as-of date of a scored table, oldest first: read from the log, no data file is opened. */
  public List<LocalDate> dates(String table) {
    Optional<Snapshot> s = snapshot(table);
    if (s.isEmpty()) {
      return List.of();
    }
    TreeSet<LocalDate> out = new TreeSet<>();
    forEachFile(
        s.get(),
        path(table),
        file -> {
          String v = InternalScanFileUtils.getPartitionValues(file).get(Lake.AS_OF_DATE);
          if (v != null) {
            out.add(LocalDate.parse(v));
          }
        });
    return List.copyOf(out);
  }

  /** The newest as-of date of a scored table before {@code before} (any date when null). */
  public Optional<LocalDate> latestDate(String table, LocalDate before) {
    List<LocalDate> ds = dates(table);
    for (int i = ds.size() - 1; i >= 0; i--) {
      if (before == null || ds.get(i).isBefore(before)) {
        return Optional.of(ds.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The rows of one as-of date of a scored table whose {@code column} equals {@code value} (empty when the
   * table does not exist). Only that date's files are opened (partition pruning), and of those only the
   * ones whose statistics can hold the value (data skipping); the rows are then matched exactly.
   */
  public List<Row> rows(String table, LocalDate asOf, String column, String value) {
    List<Row> out = new ArrayList<>();
    scan(
        table,
        asOf,
        null,
        column,
        value,
        (batch, selection, schema) -> {
          int key = batch.getSchema().indexOf(column);
          ColumnVector keys = batch.getColumnVector(key);
          for (int i = 0; i < batch.getSize(); i++) {
            if (!live(selection, i) || keys.isNullAt(i) || !value.equals(keys.getString(i))) {
              continue;
            }
            out.add(row(batch, i, schema));
          }
        });
    return out;
  }

  /** The {@code limit} smallest values of a string column on one as-of date (only that column is read). */
  public List<String> smallestValues(String table, LocalDate asOf, String column, int limit) {
    TreeSet<String> out = new TreeSet<>();
    scan(
        table,
        asOf,
        List.of(column),
        null,
        null,
        (batch, selection, schema) -> {
          ColumnVector v = batch.getColumnVector(batch.getSchema().indexOf(column));
          for (int i = 0; i < batch.getSize(); i++) {
            if (live(selection, i) && !v.isNullAt(i)) {
              out.add(v.getString(i));
              if (out.size() > limit) {
                out.pollLast();
              }
            }
          }
        });
    return List.copyOf(out);
  }

  /**
   * Every row of one as-of date of a scored table (empty when the table does not exist). For the tables
   * that stay small as the marketplace grows (a night's flags and review cases): only that date's files
   * are opened.
   */
  public List<Row> rowsOn(String table, LocalDate asOf) {
    List<Row> out = new ArrayList<>();
    scan(table, asOf, null, null, null, collectLive(out));
    return out;
  }

  /**
   * Streams the string {@code columns} of one as-of date of a scored table, one array per row in the
   * order of {@code columns} (nulls kept): for tables with a row per freelancer, read once into a compact
   * index without holding Spark rows.
   */
  public void strings(String table, LocalDate asOf, List<String> columns, Consumer<String[]> each) {
    scan(table, asOf, columns, null, null, stringsOf(columns, each));
  }

  /** Streams the string {@code columns} of every row of a raw table (nothing when it was never loaded). */
  public void rawStrings(String table, List<String> columns, Consumer<String[]> each) {
    String path = Lake.rawPathOf(root, table);
    Optional<Snapshot> s = snapshotAt(path);
    if (s.isPresent()) {
      scan(s.get(), path, Optional.empty(), Optional.empty(), columns, stringsOf(columns, each));
    }
  }

  /** Every row of a raw table as Spark rows (for the raw tables that stay small: review decisions). */
  public List<Row> rawRows(String table) {
    String path = Lake.rawPathOf(root, table);
    Optional<Snapshot> s = snapshotAt(path);
    List<Row> out = new ArrayList<>();
    s.ifPresent(snap -> scan(snap, path, Optional.empty(), Optional.empty(), null, collectLive(out)));
    return out;
  }

  /** The Delta version of a scored table (-1 when it does not exist): a listing of its log, no data read. */
  public long scoredVersion(String table) {
    return snapshot(table).map(Snapshot::getVersion).orElse(-1L);
  }

  /** The Delta version of a raw table (-1 when it was never loaded). */
  public long rawVersion(String table) {
    return snapshotAt(Lake.rawPathOf(root, table)).map(Snapshot::getVersion).orElse(-1L);
  }

  private static BatchConsumer collectLive(List<Row> out) {
    return (batch, selection, schema) -> {
      for (int i = 0; i < batch.getSize(); i++) {
        if (live(selection, i)) {
          out.add(row(batch, i, schema));
        }
      }
    };
  }

  private static BatchConsumer stringsOf(List<String> columns, Consumer<String[]> each) {
    return (batch, selection, schema) -> {
      ColumnVector[] vs = new ColumnVector[columns.size()];
      for (int c = 0; c < vs.length; c++) {
        vs[c] = batch.getColumnVector(batch.getSchema().indexOf(columns.get(c)));
      }
      for (int i = 0; i < batch.getSize(); i++) {
        if (!live(selection, i)) {
          continue;
        }
        String[] values = new String[vs.length];
        for (int c = 0; c < vs.length; c++) {
          values[c] = vs[c].isNullAt(i) ? null : vs[c].getString(i);
        }
        each.accept(values);
      }
    };
  }

  private interface BatchConsumer {
    /** A batch, its live rows ({@link #live}) and the Spark schema of its columns. */
    void accept(
        ColumnarBatch batch, Optional<ColumnVector> selection, org.apache.spark.sql.types.StructType schema);
  }

  /**
   * Reads one as-of date of a scored table, batch by batch: every column, or {@code onlyColumns}; with
   * {@code column = value} pruning files by their statistics when given.
   */
  private void scan(
      String table,
      LocalDate asOf,
      List<String> onlyColumns,
      String column,
      String value,
      BatchConsumer consumer) {
    Optional<Snapshot> s = snapshot(table);
    if (s.isEmpty()) {
      return;
    }
    Predicate filter =
        new Predicate("=", new Column(Lake.AS_OF_DATE), Literal.ofDate((int) asOf.toEpochDay()));
    Optional<Predicate> onValue = Optional.empty();
    if (column != null) {
      if (s.get().getSchema().indexOf(column) < 0) {
        throw new IllegalArgumentException(path(table) + " has no column " + column);
      }
      onValue = Optional.of(new Predicate("=", new Column(column), Literal.ofString(value)));
      filter = new Predicate("AND", filter, onValue.get());
    }
    scan(s.get(), path(table), Optional.of(filter), onValue, onlyColumns, consumer);
  }

  /**
   * Every row of the lake's {@code _runs} table (empty when no run was recorded), in no order. The whole
   * table is read: it grows by a few rows a night, not with the marketplace.
   */
  public List<Row> runs() {
    String path = root + "/_runs";
    Optional<Snapshot> s = snapshotAt(path);
    List<Row> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    scan(s.get(), path, Optional.empty(), Optional.empty(), null, collectLive(out));
    return out;
  }

  /**
   * Reads the snapshot of the table at {@code tablePath} batch by batch, files pruned by {@code filter}
   * and rows by {@code onValue} where the Parquet reader can.
   */
  private void scan(
      Snapshot snapshot,
      String tablePath,
      Optional<Predicate> filter,
      Optional<Predicate> onValue,
      List<String> onlyColumns,
      BatchConsumer consumer) {
    io.delta.kernel.ScanBuilder builder = snapshot.getScanBuilder();
    if (filter.isPresent()) {
      builder = builder.withFilter(filter.get());
    }
    if (onlyColumns != null) {
      StructType read = new StructType();
      for (String c : onlyColumns) {
        if (snapshot.getSchema().indexOf(c) < 0) {
          throw new IllegalArgumentException(tablePath + " has no column " + c);
        }
        read = read.add(snapshot.getSchema().get(c));
      }
      builder = builder.withReadSchema(read);
    }
    Scan scan = builder.build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row file = fileRows.next();
            try (CloseableIterator<FileReadResult> physicalData =
                    engine
                        .getParquetHandler()
                        .readParquetFiles(
                            Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                            physical,
                            onValue);
                CloseableIterator<FilteredColumnarBatch> data =
                    Scan.transformPhysicalData(engine, state, file, physicalData.map(FileReadResult::getData))) {
              while (data.hasNext()) {
                FilteredColumnarBatch b = data.next();
                consumer.accept(b.getData(), b.getSelectionVector(), sparkType(b.getData().getSchema()));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tablePath, e);
    }
  }

  /** Row {@code i} of a batch as a Spark row of {@code schema} (the batch's columns in Spark's types). */
  private static Row row(ColumnarBatch batch, int i, org.apache.spark.sql.types.StructType schema) {
    StructType kernelSchema = batch.getSchema();
    Object[] values = new Object[kernelSchema.length()];
    for (int c = 0; c < values.length; c++) {
      values[c] = value(batch.getColumnVector(c), i, kernelSchema.at(c).getDataType());
    }
    return new GenericRowWithSchema(values, schema);
  }

  /** Whether row {@code i} of a batch is live: kept by its selection vector (deletes, filters), if any. */
  private static boolean live(Optional<ColumnVector> selection, int i) {
    return selection.isEmpty() || (!selection.get().isNullAt(i) && selection.get().getBoolean(i));
  }

  /** One value as Spark's {@code collect} gives it. */
  private static Object value(ColumnVector v, int i, DataType t) {
    if (v.isNullAt(i)) {
      return null;
    }
    if (t instanceof StringType) {
      return v.getString(i);
    } else if (t instanceof IntegerType) {
      return v.getInt(i);
    } else if (t instanceof LongType) {
      return v.getLong(i);
    } else if (t instanceof DoubleType) {
      return v.getDouble(i);
    } else if (t instanceof BooleanType) {
      return v.getBoolean(i);
    } else if (t instanceof DecimalType) {
      return v.getDecimal(i);
    } else if (t instanceof DateType) {
      return java.sql.Date.valueOf(LocalDate.ofEpochDay(v.getInt(i)));
    } else if (t instanceof TimestampType) {
      long micros = v.getLong(i);
      Timestamp ts = new Timestamp(Math.floorDiv(micros, 1000L));
      ts.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000);
      return ts;
    } else if (t instanceof TimestampNTZType) {
      long micros = v.getLong(i);
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    } else if (t instanceof FloatType) {
      return v.getFloat(i);
    } else if (t instanceof ShortType) {
      return v.getShort(i);
    } else if (t instanceof ByteType) {
      return v.getByte(i);
    } else if (t instanceof BinaryType) {
      return v.getBinary(i);
    } else if (t instanceof ArrayType a) {
      ArrayValue arr = v.getArray(i);
      List<Object> items = new ArrayList<>(arr.getSize());
      for (int k = 0; k < arr.getSize(); k++) {
        items.add(value(arr.getElements(), k, a.getElementType()));
      }
      return CollectionConverters.asScala(items).toList();
    } else if (t instanceof MapType m) {
      MapValue map = v.getMap(i);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int k = 0; k < map.getSize(); k++) {
        entries.put(
            value(map.getKeys(), k, m.getKeyType()), value(map.getValues(), k, m.getValueType()));
      }
      return CollectionConverters.asScala(entries);
    } else if (t instanceof StructType st) {
      Object[] fields = new Object[st.length()];
      for (int f = 0; f < fields.length; f++) {
        fields[f] = value(v.getChild(f), i, st.at(f).getDataType());
      }
      return new GenericRowWithSchema(fields, sparkType(st));
    }
    throw new IllegalArgumentException("no Spark value for Delta type " + t);
  }

  private static org.apache.spark.sql.types.StructType sparkType(StructType t) {
    List<org.apache.spark.sql.types.StructField> fields = new ArrayList<>();
    for (StructField f : t.fields()) {
      fields.add(DataTypes.createStructField(f.getName(), sparkType(f.getDataType()), f.isNullable()));
    }
    return DataTypes.createStructType(fields);
  }

  private static org.apache.spark.sql.types.DataType sparkType(DataType t) {
    if (t instanceof StringType) {
      return DataTypes.StringType;
    } else if (t instanceof IntegerType) {
      return DataTypes.IntegerType;
    } else if (t instanceof LongType) {
      return DataTypes.LongType;
    } else if (t instanceof DoubleType) {
      return DataTypes.DoubleType;
    } else if (t instanceof BooleanType) {
      return DataTypes.BooleanType;
    } else if (t instanceof DecimalType d) {
      return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
    } else if (t instanceof DateType) {
      return DataTypes.DateType;
    } else if (t instanceof TimestampType) {
      return DataTypes.TimestampType;
    } else if (t instanceof TimestampNTZType) {
      return DataTypes.TimestampNTZType;
    } else if (t instanceof FloatType) {
      return DataTypes.FloatType;
    } else if (t instanceof ShortType) {
      return DataTypes.ShortType;
    } else if (t instanceof ByteType) {
      return DataTypes.ByteType;
    } else if (t instanceof BinaryType) {
      return DataTypes.BinaryType;
    } else if (t instanceof ArrayType a) {
      return DataTypes.createArrayType(sparkType(a.getElementType()), a.containsNull());
    } else if (t instanceof MapType m) {
      return DataTypes.createMapType(
          sparkType(m.getKeyType()), sparkType(m.getValueType()), m.isValueContainsNull());
    } else if (t instanceof StructType st) {
      return sparkType(st);
    }
    throw new IllegalArgumentException("no Spark type for Delta type " + t);
  }

  private String path(String table) {
    return Lake.scoredPathOf(root, table);
  }

  private Optional<Snapshot> snapshot(String table) {
    return snapshotAt(path(table));
  }

  private Optional<Snapshot> snapshotAt(String tablePath) {
    try {
      return Optional.of(Table.forPath(engine, tablePath).getLatestSnapshot(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A table property of the Delta table at {@code tablePath} (empty when unset or no table is there). */
  public Optional<String> tableProperty(String tablePath, String key) {
    return snapshotAt(tablePath).map(s -> s.getTableProperties().get(key));
  }

  /**
   * The bytes of the data files of the Delta table at {@code tablePath} (0 when there is none): from the
   * version's checksum file when Delta wrote one, else summed over the log's file list. No data file is
   * opened.
   */
  public long sizeBytes(String tablePath) {
    Optional<Snapshot> s = snapshotAt(tablePath);
    if (s.isEmpty()) {
      return 0L;
    }
    Optional<io.delta.kernel.statistics.TableStats> stats;
    try {
      stats = s.get().getStatistics().getTableStats(engine);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checksum of " + tablePath, e);
    }
    if (stats.isPresent()) {
      return stats.get().getTableSizeBytes();
    }
    long[] total = {0L};
    forEachFile(s.get(), tablePath, file -> total[0] += InternalScanFileUtils.getAddFileStatus(file).getSize());
    return total[0];
  }

  /** Every data file of the snapshot, as the log lists it (no data file is opened). */
  private void forEachFile(
      Snapshot s, String tablePath, java.util.function.Consumer<io.delta.kernel.data.Row> action) {
    try (CloseableIterator<FilteredColumnarBatch> files = s.getScanBuilder().build().getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> rows = files.next().getRows()) {
          while (rows.hasNext()) {
            action.accept(rows.next());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + tablePath, e);
    }
  }
}
