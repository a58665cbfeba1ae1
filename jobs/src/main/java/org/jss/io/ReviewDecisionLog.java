package org.jss.io;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Appends reviewers' decisions to a lake's raw {@code review_decisions} table with Delta Kernel, from a
 * process that has no Spark session (the review console). Each decision carries, besides the columns of
 * SPEC section 3 that the nightly reads, the reviewer, a note and a decision id: a decision whose id is
 * already in the table is not appended again, so a form submitted twice records one decision.
 *
 * <p>A table loaded by {@code ingest} has only the SPEC columns; the three are added to it once
 * ({@link #missingColumns}), nullable and after the others: ingest's later appends leave them null, and
 * the nightly reads the SPEC columns only. Appends of one log are serialized; two processes appending at
 * once are serialized by Delta's optimistic commit (Kernel retries a blind append).
 */
public final class ReviewDecisionLog {
  public static final String TABLE = Schemas.REVIEW_DECISIONS.name();

  /** One reviewer's decision on one account's case of one detector. */
  public record Decision(
      String decisionId,
      String accountId,
      String detector,
      Instant decidedAt,
      String decision,
      String reviewer,
      String note) {}

  private static final List<String> EXTRA = List.of("reviewer", "note", "decision_id");
  private static final String ENGINE_INFO = "jss serve";

  /** The table's columns when this log creates it: SPEC's, then the console's. */
  static final StructType SCHEMA =
      new StructType()
          .add("account_id", StringType.STRING)
          .add("detector", StringType.STRING)
          .add("decided_at", TimestampType.TIMESTAMP)
          .add("decision", StringType.STRING)
          .add("reviewer", StringType.STRING)
          .add("note", StringType.STRING)
          .add("decision_id", StringType.STRING);

  private final String path;
  private final Engine engine;
  private final LakeReader reader;

  public ReviewDecisionLog(String root, Configuration hadoop) {
    this.path = Lake.rawPathOf(Lake.normalizeRoot(root), TABLE);
    this.engine = DefaultEngine.create(hadoop);
    this.reader = new LakeReader(root, hadoop);
  }

  /**
   * Appends {@code d} unless a decision with its id is already recorded; returns whether it appended.
   * The time is kept to the microsecond, as Delta stores it.
   */
  public synchronized boolean append(Decision d) {
    if (recorded(d.decisionId())) {
      return false;
    }
    Optional<Snapshot> current = snapshot();
    Transaction txn;
    if (current.isEmpty()) {
      txn = TableManager.buildCreateTableTransaction(path, SCHEMA, ENGINE_INFO).build(engine);
    } else {
      if (!missingColumns().isEmpty()) {
        throw new IllegalStateException(
            path + " lacks the columns " + missingColumns() + ": add them first (Lake.addColumns)");
      }
      txn =
          current.get()
              .buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE)
              .withMaxRetries(5)
              .build(engine);
    }
    commit(txn, d);
    return true;
  }

  /**
   * The console's columns the table lacks (none when it does not exist yet: this log creates it whole).
   * Delta Kernel cannot add columns to a table without column mapping, nor write to one with it, so a
   * table that ingest created gets them once from Spark ({@code Lake.addColumns}) before the first
   * append.
   */
  public List<org.apache.spark.sql.types.StructField> missingColumns() {
    Optional<Snapshot> s = snapshot();
    List<org.apache.spark.sql.types.StructField> out = new ArrayList<>();
    for (String c : EXTRA) {
      if (s.isPresent() && s.get().getSchema().indexOf(c) < 0) {
        out.add(org.apache.spark.sql.types.DataTypes.createStructField(c, org.apache.spark.sql.types.DataTypes.StringType, true));
      }
    }
    return out;
  }

  /** Where the table lives. */
  public String path() {
    return path;
  }

  /**
   * Whether a decision with this id is in the table: only the {@code decision_id} column is read (none
   * when the table or the column is not there yet).
   */
  public boolean recorded(String decisionId) {
    if (snapshot().map(s -> s.getSchema().indexOf("decision_id") < 0).orElse(true)) {
      return false;
    }
    boolean[] found = {false};
    reader.rawStrings(TABLE, List.of("decision_id"), v -> found[0] |= decisionId.equals(v[0]));
    return found[0];
  }

  private void commit(Transaction txn, Decision d) {
    io.delta.kernel.data.Row state = txn.getTransactionState(engine);
    StructType schema = txn.getSchema(engine);
    ColumnarBatch batch = oneRow(schema, d);
    try (CloseableIterator<FilteredColumnarBatch> physical =
        Transaction.transformLogicalData(
            engine,
            state,
            io.delta.kernel.internal.util.Utils.singletonCloseableIterator(
                new FilteredColumnarBatch(batch, Optional.empty())),
            Map.of())) {
      DataWriteContext ctx = Transaction.getWriteContext(engine, state, Map.of());
      CloseableIterator<DataFileStatus> files =
          engine
              .getParquetHandler()
              .writeParquetFiles(ctx.getTargetDirectory(), physical, ctx.getStatisticsColumns());
      CloseableIterator<io.delta.kernel.data.Row> actions =
          Transaction.generateAppendActions(engine, state, files, ctx);
      txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append a review decision to " + path, e);
    }
  }

  private Optional<Snapshot> snapshot() {
    try {
      return Optional.of(Table.forPath(engine, path).getLatestSnapshot(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  /** One row of {@code schema} holding the decision (a column this log does not know stays null). */
  private static ColumnarBatch oneRow(StructType schema, Decision d) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, d.decidedAt());
    List<ColumnVector> vectors = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Object v =
          switch (f.getName()) {
            case "account_id" -> d.accountId();
            case "detector" -> d.detector();
            case "decided_at" -> micros;
            case "decision" -> d.decision();
            case "reviewer" -> d.reviewer();
            case "note" -> d.note();
            case "decision_id" -> d.decisionId();
            default -> null;
          };
      vectors.add(new OneValue(f.getDataType(), v));
    }
    return new ColumnarBatch() {
      @Override
      public StructType getSchema() {
        return schema;
      }

      @Override
      public ColumnVector getColumnVector(int ordinal) {
        return vectors.get(ordinal);
      }

      @Override
      public int getSize() {
        return 1;
      }
    };
  }

  /** A column of one value: a string, or a timestamp in microseconds. */
  private record OneValue(DataType type, Object value) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return type;
    }

    @Override
    public int getSize() {
      return 1;
    }

    @Override
    public void close() {}

    @Override
    public boolean isNullAt(int rowId) {
      return value == null;
    }

    @Override
    public String getString(int rowId) {
      return (String) value;
    }

    @Override
    public long getLong(int rowId) {
      return (Long) value;
    }
  }
}
