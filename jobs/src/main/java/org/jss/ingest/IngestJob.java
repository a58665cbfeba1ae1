package org.jss.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.jss.config.PipelineConfig;
import org.jss.io.Lake;
import org.jss.io.RowHash;
import org.jss.io.RunLog;
import org.jss.io.Schemas;
import org.jss.io.SmallLakeProfile;
import org.jss.io.SourceFiles;
import org.jss.io.SourceFiles.Format;
import org.jss.io.TableSpec;
import org.jss.io.TableSpec.Reference;

/**
 * The validated ingest (SPEC sections 2 and 3): for each input table in load order, reads its file or
 * folder as strings, validates every row ({@link Validation}), merges the good rows into
 * {@code raw/<table>} by key, puts the bad ones into {@code quarantine/<table>} with their original text
 * and every rule they break, and appends one row per table to {@code scored/data_quality}.
 *
 * <p>Idempotent: raw rows are inserted only when their key is new, quarantine rows only when the same
 * original values from the same file are not there yet; loading the same files twice changes neither.
 *
 * <p>Bad-row limit: a table whose share of quarantined rows passes the limit loads none of its rows (its
 * bad rows are still quarantined, so the reason can be inspected) and is reported REJECTED. Tables that
 * reference a rejected table are then SKIPPED, not validated: their rows would otherwise be quarantined as
 * UNKNOWN_REFERENCE merely because the table they point to was held back. Fix the feed and ingest again;
 * what loaded already is not loaded twice. Other tables load as usual.
 */
public final class IngestJob {
  private IngestJob() {}

  /** What to ingest: the source directory and format, the bad-row limit, and the ingest's id and time. */
  public record Request(
      String source, Format format, double badRowLimit, String ingestId, Instant ingestTime) {

    /** A request with a fresh id, ingesting as of now. */
    public static Request now(String source, Format format, double badRowLimit) {
      return new Request(
          source,
          format,
          badRowLimit,
          UUID.randomUUID().toString(),
          Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
  }

  public static final String DATA_QUALITY = "data_quality";

  /**
   * Runs the ingest; {@code progress} receives one line as each table starts and ends.
   *
   * @throws org.jss.base.UserError when the source is missing, a file cannot be read or lacks a required
   *     column: checked for every file before any table loads, so nothing is loaded then
   */
  public static IngestResult run(Lake lake, Request req, Consumer<String> progress) {
    return run(lake, req, progress, PipelineConfig.defaults().smallLakeBytes());
  }

  /**
   * As {@link #run(Lake, Request, Consumer)}; when the lake's raw tables and the input files together
   * hold fewer than {@code smallLakeBytes} bytes (a quiet night into a young marketplace, a test) it runs
   * with the {@link SmallLakeProfile} (0: never).
   */
  public static IngestResult run(Lake lake, Request req, Consumer<String> progress, long smallLakeBytes) {
    // Open every input first: a missing column or unusable file stops the ingest before anything loads.
    Map<TableSpec, Input> inputs = new LinkedHashMap<>();
    Map<TableSpec, String> located =
        SourceFiles.locate(lake.spark(), req.source(), Schemas.ALL, req.format(), progress);
    located.forEach(
        (spec, path) ->
            inputs.put(spec, new Input(path, SourceFiles.open(lake.spark(), path, req.format(), spec))));
    long inputBytes = SourceFiles.bytes(lake.spark(), located.values());
    // In _runs like a nightly: a STARTED row once the inputs are known to be usable, then how it ended,
    // so an ingest killed mid-way still shows as an attempt (jss runs).
    Map<String, Long> versions = new LinkedHashMap<>(lake.rawVersions());
    versions.keySet().retainAll(inputs.keySet().stream().map(t -> "raw/" + t.name()).toList());
    RunLog.append(
        lake, RunLog.started(req.ingestId(), COMMAND, null, List.of(COMMAND), versions, req.ingestTime()));
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    java.util.function.BiConsumer<Map<String, Long>, String> ended =
        (loaded, failure) ->
            RunLog.append(
                lake,
                new RunLog.Entry(
                    req.ingestId(), COMMAND, null, COMMAND, versions, loaded, started,
                    (System.nanoTime() - t0) / 1_000_000,
                    failure == null ? RunLog.SUCCEEDED : RunLog.FAILED, failure));
    try (SmallLakeProfile profile = SmallLakeProfile.apply(lake, inputBytes, smallLakeBytes, progress)) {
      IngestResult result = load(lake, req, inputs, progress);
      Map<String, Long> loaded = new LinkedHashMap<>();
      result.tables().forEach(t -> loaded.put("raw/" + t.table(), t.loaded()));
      ended.accept(
          loaded,
          result.failed().stream().map(TableOutcome::message).reduce((a, b) -> a + "; " + b).orElse(null));
      return result;
    } catch (RuntimeException e) {
      ended.accept(Map.of(), String.valueOf(e.getMessage()));
      throw e;
    }
  }

  /** The command and its one stage in {@code _runs}. */
  private static final String COMMAND = "ingest";

  private static IngestResult load(
      Lake lake, Request req, Map<TableSpec, Input> inputs, Consumer<String> progress) {
    List<TableOutcome> outcomes = new ArrayList<>();
    Set<String> notLoaded = new HashSet<>();
    for (Map.Entry<TableSpec, Input> e : inputs.entrySet()) {
      TableSpec spec = e.getKey();
      Input input = e.getValue();
      Optional<String> blocked =
          spec.refs().stream().map(Reference::table).filter(notLoaded::contains).findFirst();
      TableOutcome outcome;
      if (blocked.isPresent()) {
        outcome =
            new TableOutcome(
                spec.name(),
                input.path(),
                TableOutcome.Status.SKIPPED,
                0,
                0,
                0,
                0,
                Map.of(),
                req.badRowLimit(),
                "table " + spec.name() + ": not loaded, it references " + blocked.get()
                    + ", which did not load");
      } else {
        progress.accept(spec.name() + ": validating " + input.path());
        if (lake.ensureRowHash(spec)) {
          progress.accept(spec.name() + ": added " + RowHash.COLUMN + " to raw/" + spec.name());
        }
        outcome = ingestTable(lake, spec, input, req);
      }
      if (!outcome.ok()) {
        notLoaded.add(spec.name());
      }
      progress.accept(spec.name() + ": " + outcome.status() + ", " + outcome.message());
      outcomes.add(outcome);
    }
    IngestResult result = new IngestResult(req.ingestId(), req.ingestTime(), List.copyOf(outcomes));
    if (!outcomes.isEmpty()) {
      lake.append(
          lake.scoredPath(DATA_QUALITY),
          lake.spark().createDataFrame(dataQualityRows(result), DATA_QUALITY_SCHEMA));
    }
    return result;
  }

  /**
   * Sets of keys up to this size (unknown references, conflicting or already loaded keys) are broadcast
   * to the join with the input rows, so the wide rows are never shuffled for them; larger sets (a file
   * loaded twice: every key is in the lake) take a sort-merge join.
   */
  static final long BROADCAST_KEYS = 2_000_000L;

  /** A persisted small set, hinted for broadcast when its size (counted from memory) allows. */
  private static Dataset<Row> small(Dataset<Row> keys) {
    return keys.count() <= BROADCAST_KEYS ? org.apache.spark.sql.functions.broadcast(keys) : keys;
  }

  /** An opened input: its file or folder and its rows as strings (lazy). */
  private record Input(String path, Dataset<Row> rows) {}

  /**
   * Validates and loads one table. The input is read once for what every rule needs: for a keyed table
   * {@link Validation#narrow} (keys, references, hash and rule mask), held in memory or on local disk
   * while the references and key facts are computed from it, then once more to append the rows proven
   * new; for an event log its key facts, which are its distinct rows and so also the rows to append.
   * It is read once more only when there are rows to quarantine. Re-reading beats holding the wide rows: building Spark's
   * columnar cache of every typed value costs more than parsing the text again (measured: 9.6 s
   * against 4.7 s for 717,464 contracts).
   */
  private static TableOutcome ingestTable(Lake lake, TableSpec spec, Input input, Request req) {
    String path = input.path();
    Dataset<Row> parsed = Validation.parse(spec, input.rows(), req.ingestTime());
    List<Dataset<Row>> cached = new ArrayList<>();
    List<Dataset<Row>> unknown = new ArrayList<>();
    Dataset<Row> facts;
    if (spec.key().isEmpty()) {
      // An event log's distinct rows hold every value of its rows: they are held (their oldest time
      // bounds the read of history), then with what the lake holds of each, and its references are
      // checked on those (one row per distinct row).
      Dataset<Row> events =
          Validation.perKey(spec, Validation.narrow(spec, parsed)).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(events);
      Dataset<Row> perRow =
          Validation.againstLake(
                  spec, events, Validation.eventsSinceOldest(spec, events, lake.rawKeyHashes(spec)))
              .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(perRow);
      unknownReferences(lake, spec, perRow, unknown, cached);
      facts = Validation.withReferenceFacts(spec, perRow, unknown);
    } else {
      Dataset<Row> narrow =
          Validation.narrow(spec, parsed).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(narrow);
      unknownReferences(lake, spec, narrow, unknown, cached);
      facts =
          Validation.keyFacts(
                  spec, Validation.withReferences(spec, narrow, unknown), lake.rawKeyHashes(spec))
              .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(facts);
    }
    try {
      Validation.Totals t = Validation.totals(facts);
      long read = t.read();
      long quarantined = t.quarantined();
      long loaded = t.loaded();
      if (quarantined > 0) {
        lake.mergeInsertNew(
            lake.quarantinePath(spec.name()),
            quarantineRows(
                spec,
                Validation.quarantineRows(
                    spec,
                    Validation.withReferences(spec, parsed, unknown),
                    facts,
                    t.conflictKeys() <= BROADCAST_KEYS),
                req),
            quarantineKey(spec));
      }
      double share = read == 0 ? 0.0 : (double) quarantined / read;
      if (share > req.badRowLimit()) {
        String msg =
            String.format(
                Locale.ROOT,
                "table %s: %d of %d rows bad (%.1f%%), over the bad-row limit of %.1f%%: loaded none"
                    + " of its rows; the bad rows are in quarantine/%s",
                spec.name(),
                quarantined,
                read,
                100 * share,
                100 * req.badRowLimit(),
                spec.name());
        return new TableOutcome(
            spec.name(),
            path,
            TableOutcome.Status.REJECTED,
            read,
            0,
            0,
            quarantined,
            t.perRule(),
            req.badRowLimit(),
            msg);
      }
      if (loaded > 0) {
        lake.append(
            lake.rawPath(spec.name()),
            Validation.newRows(
                spec,
                Validation.withReferences(spec, parsed, unknown),
                facts,
                t.duplicatedKeys(),
                t.specialKeys() <= BROADCAST_KEYS));
      }
      long unchanged = read - quarantined - loaded;
      String msg =
          String.format(
              Locale.ROOT,
              "%d read, %d loaded, %d unchanged, %d quarantined",
              read,
              loaded,
              unchanged,
              quarantined);
      return new TableOutcome(
          spec.name(),
          path,
          TableOutcome.Status.LOADED,
          read,
          loaded,
          unchanged,
          quarantined,
          t.perRule(),
          req.badRowLimit(),
          msg);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /** The unknown values of each reference of {@code spec} among {@code rows}' typed references. */
  private static void unknownReferences(
      Lake lake,
      TableSpec spec,
      Dataset<Row> rows,
      List<Dataset<Row>> unknown,
      List<Dataset<Row>> cached) {
    for (Reference ref : spec.refs()) {
      Dataset<Row> u =
          Validation.unknownReferences(rows, ref, lake.raw(Schemas.byName(ref.table()).orElseThrow()))
              .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(u);
      unknown.add(small(u));
    }
  }

  /** Quarantine columns besides the table's own (kept as their original text). */
  public static final String Q_RULES = "rules";

  public static final String Q_SOURCE_FILE = "source_file";
  public static final String Q_INGEST_ID = "ingest_id";
  public static final String Q_INGESTED_AT = "ingested_at";

  /** The bad rows with their original text, every rule they break, their file and this ingest. */
  static Dataset<Row> quarantineRows(TableSpec spec, Dataset<Row> bad, Request req) {
    List<Column> cols = new ArrayList<>();
    spec.columnNames().forEach(c -> cols.add(col("`" + c + "`")));
    cols.add(col(Validation.RULES).as(Q_RULES));
    cols.add(col(Validation.SOURCE_FILE).as(Q_SOURCE_FILE));
    cols.add(lit(req.ingestId()).as(Q_INGEST_ID));
    cols.add(lit(Timestamp.from(req.ingestTime())).as(Q_INGESTED_AT));
    return bad.select(cols.toArray(Column[]::new))
        .dropDuplicates(quarantineKey(spec).toArray(String[]::new));
  }

  /** A quarantined row is the same row when it has the same file and the same original values. */
  static List<String> quarantineKey(TableSpec spec) {
    List<String> key = new ArrayList<>();
    key.add(Q_SOURCE_FILE);
    key.addAll(spec.columnNames());
    return key;
  }

  /** Schema of {@code scored/data_quality}: one row per ingest and table. */
  public static final StructType DATA_QUALITY_SCHEMA = dataQualitySchema();

  private static StructType dataQualitySchema() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("ingest_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("ingested_at", DataTypes.TimestampType, false));
    f.add(DataTypes.createStructField("table_name", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("source", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("status", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("rows_read", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("rows_loaded", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("rows_unchanged", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("rows_quarantined", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("bad_share", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("bad_row_limit", DataTypes.DoubleType, false));
    for (Rule r : Rule.values()) {
      f.add(DataTypes.createStructField(r.countColumn(), DataTypes.LongType, false));
    }
    f.add(DataTypes.createStructField("message", DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  static List<Row> dataQualityRows(IngestResult result) {
    List<Row> rows = new ArrayList<>();
    for (TableOutcome t : result.tables()) {
      List<Object> v = new ArrayList<>();
      v.add(result.ingestId());
      v.add(Timestamp.from(result.ingestedAt()));
      v.add(t.table());
      v.add(t.source());
      v.add(t.status().name());
      v.add(t.read());
      v.add(t.loaded());
      v.add(t.unchanged());
      v.add(t.quarantined());
      v.add(t.badShare());
      v.add(t.badRowLimit());
      for (Rule r : Rule.values()) {
        v.add(t.ruleCounts().getOrDefault(r, 0L));
      }
      v.add(t.message());
      rows.add(RowFactory.create(v.toArray()));
    }
    return rows;
  }
}
