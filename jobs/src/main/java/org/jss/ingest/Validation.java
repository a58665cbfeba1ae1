package org.jss.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.io.ColumnSpec;
import org.jss.io.ColumnSpec.ColType;
import org.jss.io.RowHash;
import org.jss.io.TableSpec;
import org.jss.io.TableSpec.Reference;

/**
 * Validates one input table against SPEC section 3 as side-effect-free transforms, built so that the
 * wide rows are never sorted or shuffled:
 *
 * <ol>
 *   <li>{@link #parse}: one projection over the text rows gives each value's typed form, the bit mask of
 *       every rule the row breaks on its own, and (keyed tables) its {@link RowHash};
 *   <li>{@link #unknownReferences}: the distinct reference values that resolve to no row, from a
 *       key-only semi join against the referenced table and an anti join;
 *   <li>{@link #keyFacts}: one aggregation per key (for event logs, per distinct content) of (key,
 *       hash, mask), joined with the lake's (key, hash), gives per key: rows, bad rows, conflict (two
 *       contents in the file, or another content in the lake), already in the lake, and rows per rule;
 *   <li>{@link #quarantineRows} and {@link #newRows}: the rows to quarantine (original text and every
 *       rule) and the rows proven new (typed), from the parsed rows and the key facts.
 * </ol>
 */
public final class Validation {
  private Validation() {}

  /** Source file of a row, as read. */
  public static final String SOURCE_FILE = org.jss.io.SourceFiles.SOURCE_FILE;

  /** The rules a row breaks as a bit mask, bit {@link Rule#ordinal()} per rule (0 for a good row). */
  public static final String MASK = "_mask";

  /** The names of the rules a row breaks, in {@link Rule} order. */
  public static final String RULES = "_rules";

  /** Key facts: rows of the key in the input. */
  public static final String N = "_n";

  /** Key facts: rows of the key that break a rule of their own (not counting a conflict). */
  public static final String N_BAD = "_n_bad";

  /** Key facts: the key has two contents in the input, or another content in the lake. */
  public static final String CONFLICT = "_conflict";

  /** Key facts: the lake holds the key (or, for an event log, this exact row) already. */
  public static final String IN_LAKE = "_in_lake";

  private static final String HASH_MIN = "_hash_min";
  private static final String HASH_MAX = "_hash_max";
  private static final String LAKE_HASH = "_lake_hash";
  private static final String UNKNOWN = "_unknown";

  /** The typed value column of input column {@code c}. */
  public static String typed(String c) {
    return "_v_" + c;
  }

  /** The text of a value of column {@code c} that did not parse (null when it parsed or was empty). */
  static String unparsed(String c) {
    return "_u_" + c;
  }

  /** Key facts: rows breaking {@code r} (a row breaking two rules counts under both). */
  static String ruleCount(Rule r) {
    return "_count_" + r.countColumn();
  }

  /** A check: where {@code broken} is true, the row breaks {@code rule}. */
  record Check(Rule rule, Column broken) {}

  /**
   * The text rows with, for each declared column, its typed value ({@link #typed}) and, for typed
   * columns, the text that did not parse ({@link #unparsed}); the mask of the rules the row breaks on its
   * own; for a keyed table its {@link RowHash}. One projection: no join, no shuffle.
   *
   * @param rows the table's columns as strings (every declared column present, null when absent from
   *     the file), plus {@link #SOURCE_FILE}
   * @param ingestTime timestamps after it break FUTURE_TIMESTAMP
   */
  public static Dataset<Row> parse(TableSpec spec, Dataset<Row> rows, Instant ingestTime) {
    // Three stacked projections, each referring to the previous one's columns by name, so that every
    // value is trimmed once and parsed once however many rules look at it (the optimizer keeps a
    // projection apart rather than inline a non-trivial expression into several uses).
    List<Column> text = new ArrayList<>();
    for (String c : spec.columnNames()) {
      text.add(col("`" + c + "`"));
    }
    // Undeclared columns of the input ride along as text, to be kept in the raw table.
    org.jss.io.SourceFiles.extras(spec, rows.columns()).forEach(c -> text.add(col("`" + c + "`")));
    text.add(col(SOURCE_FILE));
    List<Column> normalized = new ArrayList<>(text);
    spec.columnNames().forEach(c -> normalized.add(Parsing.normalized(col("`" + c + "`")).as(norm(c))));
    List<Column> typedCols = new ArrayList<>(text);
    spec.columnNames().forEach(c -> typedCols.add(col(norm(c))));
    for (ColumnSpec c : spec.columns()) {
      typedCols.add(Parsing.parse(c.type(), col(norm(c.name()))).as(typed(c.name())));
    }
    List<Column> out = new ArrayList<>(text);
    for (ColumnSpec c : spec.columns()) {
      out.add(col(typed(c.name())));
      if (c.type() != ColType.STRING) {
        out.add(when(col(typed(c.name())).isNull(), col(norm(c.name()))).as(unparsed(c.name())));
      }
    }
    out.add(maskOf(rowChecks(spec, Timestamp.from(ingestTime))).as(MASK));
    Dataset<Row> parsed =
        rows.select(normalized.toArray(Column[]::new))
            .select(typedCols.toArray(Column[]::new))
            .select(out.toArray(Column[]::new));
    if (!spec.key().isEmpty()) {
      parsed =
          parsed.withColumn(
              RowHash.COLUMN, RowHash.of(spec, c -> col(typed(c)), c -> unparsedOrNull(spec, c)));
    }
    return parsed;
  }

  private static String norm(String c) {
    return "_n_" + c;
  }

  private static Column unparsedOrNull(TableSpec spec, String c) {
    return spec.column(c).orElseThrow().type() == ColType.STRING
        ? lit(null).cast("string")
        : col(unparsed(c));
  }

  /** The checks that look at one row only, on its normalized text ({@link #norm}) and typed values. */
  static List<Check> rowChecks(TableSpec spec, Timestamp ingestTime) {
    List<Check> checks = new ArrayList<>();
    for (ColumnSpec c : spec.columns()) {
      Column n = col(norm(c.name()));
      Column v = col(typed(c.name()));
      if (c.required()) {
        checks.add(new Check(Rule.MISSING_REQUIRED, n.isNull()));
      }
      if (c.type() != ColType.STRING) {
        checks.add(new Check(Rule.UNPARSABLE, n.isNotNull().and(v.isNull())));
      }
      // Text that was not valid UTF-8 arrives with U+FFFD in place of the bytes that could not be read.
      checks.add(new Check(Rule.UNPARSABLE, n.contains("\uFFFD")));
      if (c.isEnum()) {
        checks.add(
            new Check(Rule.ENUM_OUT_OF_RANGE, n.isNotNull().and(not(n.isin(c.allowed().toArray())))));
      }
      if (c.min() != null) {
        checks.add(new Check(Rule.RATING_OUT_OF_RANGE, v.lt(c.min()).or(v.gt(c.max()))));
      }
      if (c.type() == ColType.TIMESTAMP) {
        checks.add(new Check(Rule.FUTURE_TIMESTAMP, v.gt(lit(ingestTime))));
      }
    }
    for (Interval iv : INTERVALS) {
      if (iv.table().equals(spec.name())) {
        checks.add(
            new Check(
                Rule.ENDED_BEFORE_STARTED, col(typed(iv.end())).lt(col(typed(iv.start())))));
      }
    }
    for (Iso3166 iso : ISO_COUNTRY_COLUMNS) {
      if (iso.table().equals(spec.name())) {
        Column n = col(norm(iso.column()));
        checks.add(new Check(Rule.ENUM_OUT_OF_RANGE, n.isNotNull().and(not(n.isin(ISO_COUNTRIES)))));
      }
    }
    if (spec.name().equals("feedback")) {
      // SPEC section 3: a private score comes only from a CLIENT.
      checks.add(
          new Check(
              Rule.RATING_OUT_OF_RANGE,
              col(typed("private_score"))
                  .isNotNull()
                  .and(col(typed("given_by")).equalTo(lit("FREELANCER")))));
    }
    return checks;
  }

  /** A pair of timestamps of one row where the end may not precede the start. */
  record Interval(String table, String start, String end) {}

  static final List<Interval> INTERVALS =
      List.of(
          new Interval("contracts", "started_at", "ended_at"),
          new Interval("disputes", "opened_at", "closed_at"));

  /** A column holding an ISO-3166 alpha-2 country code. */
  record Iso3166(String table, String column) {}

  /**
   * The account's country must be an ISO-3166 alpha-2 code (upper case). {@code ip_country} of
   * account_signals is not checked: geo-IP feeds use codes outside ISO-3166 (EU, XK), and dropping a
   * signal row for it would hide evidence.
   */
  static final List<Iso3166> ISO_COUNTRY_COLUMNS = List.of(new Iso3166("accounts", "country"));

  private static final Object[] ISO_COUNTRIES = java.util.Locale.getISOCountries();

  private static int bit(Rule r) {
    return 1 << r.ordinal();
  }

  /** The bit mask of the broken rules; a check whose inputs are null counts as not broken. */
  private static Column maskOf(List<Check> checks) {
    Map<Rule, Column> byRule = new EnumMap<>(Rule.class);
    for (Check c : checks) {
      byRule.merge(c.rule(), coalesce(c.broken(), lit(false)), Column::or);
    }
    return byRule.entrySet().stream()
        .map(e -> when(e.getValue(), lit(bit(e.getKey()))).otherwise(lit(0)))
        .reduce(Column::plus)
        .orElse(lit(0));
  }

  private static Column has(Column mask, Rule r) {
    return mask.bitwiseAND(lit(bit(r))).notEqual(lit(0));
  }

  /** The names of the rules set in {@code mask}, in {@link Rule} order. */
  static Column ruleNames(Column mask) {
    List<Column> names = new ArrayList<>();
    for (Rule r : Rule.values()) {
      names.add(when(has(mask, r), lit(r.name())));
    }
    return array_compact(array(names.toArray(Column[]::new)));
  }

  /**
   * What validation needs of every row besides its text: the {@link #groupColumns}, the typed
   * references, {@link RowHash} (keyed tables) and {@link #MASK}: the columns references and key facts
   * are computed from.
   */
  public static Dataset<Row> narrow(TableSpec spec, Dataset<Row> parsed) {
    java.util.LinkedHashSet<String> cols = new java.util.LinkedHashSet<>(groupColumns(spec));
    spec.refs().forEach(r -> cols.add(typed(r.column())));
    if (!spec.key().isEmpty()) {
      cols.add(RowHash.COLUMN);
    } else {
      // An event log's rows to load come from its key facts: its extra columns go with them.
      cols.addAll(org.jss.io.SourceFiles.extras(spec, parsed.columns()));
    }
    cols.add(MASK);
    return parsed.select(cols.stream().map(Validation::quoted).toArray(Column[]::new));
  }

  /**
   * The distinct non-null values of {@code ref}'s column in {@code parsed} that are not a key of {@code
   * known} (the referenced raw table), as one column. Key-only: the referenced table is read for its key
   * column and cut down to the values the input uses before the anti join, so a night's few references
   * do not shuffle the history's keys.
   */
  public static Dataset<Row> unknownReferences(
      Dataset<Row> parsed, Reference ref, Dataset<Row> known) {
    Dataset<Row> used =
        parsed.select(col(typed(ref.column())).as(UNKNOWN)).where(col(UNKNOWN).isNotNull()).distinct();
    Dataset<Row> found =
        known
            .select(col(ref.targetColumn()).as(UNKNOWN))
            .join(used, new String[] {UNKNOWN}, "left_semi")
            .distinct();
    return used.join(found, new String[] {UNKNOWN}, "left_anti");
  }

  /** {@code parsed} with UNKNOWN_REFERENCE added to the mask of rows whose reference is in {@code unknown}. */
  public static Dataset<Row> withReferences(
      TableSpec spec, Dataset<Row> parsed, List<Dataset<Row>> unknown) {
    return flagUnknown(
        spec,
        parsed,
        unknown,
        (rows, bad) ->
            rows.withColumn(
                MASK,
                when(bad, col(MASK).bitwiseOR(lit(bit(Rule.UNKNOWN_REFERENCE)))).otherwise(col(MASK))));
  }

  /**
   * An event log's key facts ({@link #keyFacts} of its unflagged rows) with its references checked: a
   * distinct row whose reference is in {@code unknown} has all its rows bad under UNKNOWN_REFERENCE.
   * Checking the distinct rows, not every input row, costs one small broadcast join per reference.
   */
  public static Dataset<Row> withReferenceFacts(
      TableSpec spec, Dataset<Row> facts, List<Dataset<Row>> unknown) {
    String ur = ruleCount(Rule.UNKNOWN_REFERENCE);
    return flagUnknown(
        spec,
        facts,
        unknown,
        (rows, bad) ->
            rows.withColumn(N_BAD, when(bad, col(N)).otherwise(col(N_BAD)))
                .withColumn(ur, when(bad, col(N)).otherwise(col(ur))));
  }

  /**
   * Left-joins {@code rows} with each reference's unknown values, applies {@code mark} with a column that
   * is true where some reference is unknown, and drops the join's columns again.
   */
  private static Dataset<Row> flagUnknown(
      TableSpec spec,
      Dataset<Row> rows,
      List<Dataset<Row>> unknown,
      java.util.function.BiFunction<Dataset<Row>, Column, Dataset<Row>> mark) {
    Dataset<Row> out = rows;
    Column bad = lit(false);
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < spec.refs().size(); i++) {
      String flag = "_ref_unknown_" + i;
      flags.add(flag);
      Dataset<Row> u = unknown.get(i).withColumn(flag, lit(true));
      out =
          out.join(u, col(typed(spec.refs().get(i).column())).equalTo(col(UNKNOWN)), "left")
              .drop(UNKNOWN);
      bad = bad.or(col(flag).isNotNull());
    }
    return mark.apply(out, bad).drop(flags.toArray(String[]::new));
  }

  /**
   * The columns that identify "the same row": the typed key, or for an event log (keyed by the whole
   * row) every typed value and unparsed text.
   */
  static List<String> groupColumns(TableSpec spec) {
    List<String> g = new ArrayList<>();
    if (!spec.key().isEmpty()) {
      spec.key().forEach(k -> g.add(typed(k)));
      return g;
    }
    for (ColumnSpec c : spec.columns()) {
      g.add(typed(c.name()));
      if (c.type() != ColType.STRING) {
        g.add(unparsed(c.name()));
      }
    }
    return g;
  }

  /**
   * One row per key (or, for an event log, per distinct content) of {@code flagged}: {@link #N}, {@link
   * #N_BAD}, {@link #CONFLICT}, {@link #IN_LAKE} and a {@link #ruleCount} per rule. One hash aggregation
   * of the narrow (key, hash, mask) projection, then a join with the lake's rows of those keys only.
   *
   * @param lake {@code Lake.rawKeyHashes}: for a keyed table the lake's key columns and {@link
   *     RowHash}; for an event log its typed rows and {@link RowHash} (null where a row has none)
   */
  public static Dataset<Row> keyFacts(TableSpec spec, Dataset<Row> flagged, Dataset<Row> lake) {
    return againstLake(spec, perKey(spec, flagged), lake);
  }

  /** The first half of {@link #keyFacts}: one row per key (or distinct event) of {@code flagged}. */
  public static Dataset<Row> perKey(TableSpec spec, Dataset<Row> flagged) {
    List<String> g = groupColumns(spec);
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as(N));
    aggs.add(countWhen(col(MASK).notEqual(lit(0))).as(N_BAD));
    boolean keyed = !spec.key().isEmpty();
    if (keyed) {
      aggs.add(min(col(RowHash.COLUMN)).as(HASH_MIN));
      aggs.add(max(col(RowHash.COLUMN)).as(HASH_MAX));
    }
    for (Rule r : Rule.values()) {
      aggs.add(countWhen(has(col(MASK), r)).as(ruleCount(r)));
    }
    if (!keyed) {
      // Identical declared values are one event; of its extra values (if the input has extra columns)
      // the greatest is kept. Only then is a string aggregated, and only then does the aggregation leave
      // numeric buffers.
      org.jss.io.SourceFiles.extras(spec, flagged.columns())
          .forEach(c -> aggs.add(max(col("`" + c + "`")).as(c)));
    }
    return flagged
        .groupBy(g.stream().map(Validation::quoted).toArray(Column[]::new))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /**
   * The lake's rows that can hold one of an event log's {@code perKey} rows: those no older, in each of
   * its {@link #eventTimes}, than the oldest the input holds (one small aggregation of {@code perKey}).
   * A literal bound, so Delta skips every file whose newest event is older: a night of new events into
   * an append-only history reads the recent files only, while a night that re-sends old events reads
   * back to them. Nothing can match when the input has no valid time.
   */
  public static Dataset<Row> eventsSinceOldest(TableSpec spec, Dataset<Row> perKey, Dataset<Row> lake) {
    List<String> times = eventTimes(spec);
    if (times.isEmpty()) {
      return lake;
    }
    List<Column> oldest = times.stream().map(t -> min(col(typed(t)))).toList();
    Row o = perKey.agg(oldest.get(0), oldest.subList(1, oldest.size()).toArray(Column[]::new)).head();
    Column since = lit(true);
    for (int i = 0; i < times.size(); i++) {
      since = o.isNullAt(i) ? lit(false) : since.and(col("`" + times.get(i) + "`").geq(lit(o.get(i))));
    }
    return lake.where(since);
  }

  /** The second half of {@link #keyFacts}: {@code perKey} with what the lake holds of each row. */
  public static Dataset<Row> againstLake(TableSpec spec, Dataset<Row> perKey, Dataset<Row> lake) {
    List<String> g = groupColumns(spec);
    boolean keyed = !spec.key().isEmpty();
    String[] gArr = g.toArray(String[]::new);
    if (keyed) {
      List<Column> side = new ArrayList<>();
      spec.key().forEach(k -> side.add(col(k).as(typed(k))));
      side.add(col(RowHash.COLUMN).as(LAKE_HASH));
      Dataset<Row> hits = lake.select(side.toArray(Column[]::new)).join(perKey.select(quotedAll(g)), gArr, "left_semi");
      Column keyPresent =
          g.stream().map(c -> col(c).isNotNull()).reduce(Column::and).orElseThrow();
      return perKey
          .join(hits, gArr, "left")
          .withColumn(IN_LAKE, col(LAKE_HASH).isNotNull())
          .withColumn(
              CONFLICT,
              keyPresent.and(
                  col(HASH_MIN)
                      .notEqual(col(HASH_MAX))
                      .or(col(IN_LAKE).and(col(LAKE_HASH).notEqual(col(HASH_MIN))))))
          .drop(HASH_MIN, HASH_MAX, LAKE_HASH);
    }
    // Event log: "in the lake" means an identical row there. The lake's rows carry their fingerprint
    // (RowHash), so history is read for (fingerprint, event times) only, never its values: a new row
    // would be taken for a stored one only if both had the same event times and the same 64-bit hash.
    // Rows stored without a fingerprint (appended by the review console, which has no Spark) are
    // compared value by value; Delta's null counts skip every file where all rows have one. Columns are
    // told apart by name (_p: the input's, _l: the lake's), never by Dataset, since the input's facts
    // appear on both sides.
    Dataset<Row> events =
        perKey.withColumn(
            RowHash.COLUMN, RowHash.of(spec, c -> col(typed(c)), c -> unparsedOrNull(spec, c)));
    List<String> times = eventTimes(spec).stream().map(Validation::typed).toList();
    List<String> ids = new ArrayList<>(List.of(RowHash.COLUMN));
    ids.addAll(times);
    List<String> values = spec.columnNames().stream().map(Validation::typed).toList();
    // The lake under the input's names with "_l" before them; each branch below selects what it reads.
    List<Column> renamed = new ArrayList<>(List.of(col(RowHash.COLUMN).as("_l" + RowHash.COLUMN)));
    spec.columnNames().forEach(c -> renamed.add(col("`" + c + "`").as("_l" + typed(c))));
    Dataset<Row> stored = lake.select(renamed.toArray(Column[]::new));
    Dataset<Row> byPrint =
        stored
            .where(col("_l" + RowHash.COLUMN).isNotNull())
            .select(ids.stream().map(v -> col("_l" + v)).toArray(Column[]::new))
            .join(
                events.select(ids.stream().map(v -> col(v).as("_p" + v)).toArray(Column[]::new)),
                sameValues(ids, "_l", "_p"),
                "left_semi");
    List<Column> printOfValues =
        new ArrayList<>(
            List.of(
                RowHash.of(spec, c -> col("_l" + typed(c)), c -> lit(null).cast("string"))
                    .as("_l" + RowHash.COLUMN)));
    times.forEach(t -> printOfValues.add(col("_l" + t)));
    Dataset<Row> byValue =
        stored
            .where(col("_l" + RowHash.COLUMN).isNull())
            .join(
                events.select(values.stream().map(v -> col(v).as("_p" + v)).toArray(Column[]::new)),
                sameValues(values, "_l", "_p"),
                "left_semi")
            .select(printOfValues.toArray(Column[]::new));
    Dataset<Row> hits = byPrint.unionByName(byValue).distinct().withColumn(IN_LAKE, lit(true));
    Dataset<Row> out = events.join(hits, sameValues(ids, "_l", ""), "left");
    for (String v : ids) {
      out = out.drop("_l" + v);
    }
    return out.withColumn(IN_LAKE, coalesce(col(IN_LAKE), lit(false))).withColumn(CONFLICT, lit(false));
  }

  /**
   * The required timestamps of an event log (when it happened): with {@link RowHash}, what tells its
   * rows apart in the lake.
   */
  static List<String> eventTimes(TableSpec spec) {
    return spec.columns().stream()
        .filter(c -> c.required() && c.type() == ColType.TIMESTAMP)
        .map(ColumnSpec::name)
        .toList();
  }

  private static Column sameValues(List<String> values, String left, String right) {
    return values.stream()
        .map(v -> col(left + v).eqNullSafe(col(right + v)))
        .reduce(Column::and)
        .orElseThrow();
  }

  private static Dataset<Row> maybeBroadcast(Dataset<Row> keys, boolean broadcast) {
    return broadcast ? org.apache.spark.sql.functions.broadcast(keys) : keys;
  }

  private static Column quoted(String c) {
    return col("`" + c + "`");
  }

  private static Column[] quotedAll(List<String> cols) {
    return cols.stream().map(Validation::quoted).toArray(Column[]::new);
  }

  private static Column countWhen(Column cond) {
    return sum(when(cond, 1L).otherwise(0L));
  }

  /** A key whose rows do not simply load as they are: conflicting, already in the lake, or repeated. */
  private static Column special() {
    return col(CONFLICT).or(col(IN_LAKE)).or(col(N).gt(1));
  }

  /** A key whose one row (or identical rows) is good and new: it loads as one row. */
  private static Column loads() {
    return not(col(CONFLICT)).and(not(col(IN_LAKE))).and(col(N_BAD).lt(col(N)));
  }

  /** The totals of an ingest of one table, from its key facts. */
  public record Totals(
      long read,
      long quarantined,
      long loaded,
      long duplicatedKeys,
      long conflictKeys,
      long specialKeys,
      Map<Rule, Long> perRule) {}

  /** Sums {@code facts} in one aggregation (an empty input gives zeros). */
  public static Totals totals(Dataset<Row> facts) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(col(N)));
    aggs.add(sum(when(col(CONFLICT), col(N)).otherwise(col(N_BAD))));
    aggs.add(countWhen(loads()));
    aggs.add(countWhen(loads().and(col(N).gt(1))));
    aggs.add(countWhen(col(CONFLICT)));
    aggs.add(countWhen(special()));
    for (Rule r : Rule.values()) {
      aggs.add(
          r == Rule.DUPLICATE_KEY_CONFLICT
              ? sum(when(col(CONFLICT), col(N)).otherwise(lit(0L)))
              : sum(col(ruleCount(r))));
    }
    Column[] zeroed = aggs.stream().map(a -> coalesce(a.cast("long"), lit(0L))).toArray(Column[]::new);
    Row t = facts.agg(zeroed[0], java.util.Arrays.copyOfRange(zeroed, 1, zeroed.length)).head();
    Map<Rule, Long> perRule = new EnumMap<>(Rule.class);
    Rule[] rules = Rule.values();
    for (int i = 0; i < rules.length; i++) {
      long n = t.getLong(6 + i);
      if (n > 0) {
        perRule.put(rules[i], n);
      }
    }
    return new Totals(
        t.getLong(0), t.getLong(1), t.getLong(2), t.getLong(3), t.getLong(4), t.getLong(5), perRule);
  }

  /**
   * Every row that breaks a rule, with its original text, {@link #RULES} (every rule, a key conflict
   * included) and {@link #SOURCE_FILE}.
   */
  public static Dataset<Row> quarantineRows(
      TableSpec spec, Dataset<Row> flagged, Dataset<Row> facts, boolean broadcastKeys) {
    Column mask = col(MASK);
    Dataset<Row> rows = flagged;
    if (!spec.key().isEmpty()) {
      List<String> g = groupColumns(spec);
      List<Column> conflicting = new ArrayList<>(List.of(quotedAll(g)));
      conflicting.add(lit(true).as(CONFLICT));
      rows =
          flagged.join(
              maybeBroadcast(
                  facts.where(col(CONFLICT)).select(conflicting.toArray(Column[]::new)), broadcastKeys),
              g.toArray(String[]::new),
              "left");
      mask =
          when(col(CONFLICT).isNotNull(), mask.bitwiseOR(lit(bit(Rule.DUPLICATE_KEY_CONFLICT))))
              .otherwise(mask);
    }
    List<Column> cols = new ArrayList<>();
    spec.columnNames().forEach(c -> cols.add(quoted(c)));
    cols.add(col(SOURCE_FILE));
    cols.add(ruleNames(mask).as(RULES));
    return rows.where(mask.notEqual(lit(0))).select(cols.toArray(Column[]::new));
  }

  /**
   * The rows proven new, one per key, typed as the raw table (with {@link RowHash} for a keyed table).
   * An event log's come straight from its key facts, which hold every value; a keyed table's are its
   * good rows whose key is neither conflicting, nor in the lake, nor repeated, plus one row of each key
   * repeated with identical content (only when {@code duplicatedKeys} says there are such keys, since
   * that needs a second read of the input).
   */
  public static Dataset<Row> newRows(
      TableSpec spec,
      Dataset<Row> flagged,
      Dataset<Row> facts,
      long duplicatedKeys,
      boolean broadcastKeys) {
    List<Column> typedCols = new ArrayList<>();
    spec.columnNames().forEach(c -> typedCols.add(col(typed(c)).as(c)));
    if (spec.key().isEmpty()) {
      org.jss.io.SourceFiles.extras(spec, facts.columns()).forEach(c -> typedCols.add(col("`" + c + "`")));
      typedCols.add(col(RowHash.COLUMN));
      return facts.where(loads()).select(typedCols.toArray(Column[]::new));
    }
    org.jss.io.SourceFiles.extras(spec, flagged.columns()).forEach(c -> typedCols.add(col("`" + c + "`")));
    typedCols.add(col(RowHash.COLUMN));
    String[] g = groupColumns(spec).toArray(String[]::new);
    Dataset<Row> good = flagged.where(col(MASK).equalTo(lit(0)));
    Dataset<Row> specialKeys = facts.where(special()).select(quotedAll(List.of(g)));
    Dataset<Row> rows = good.join(maybeBroadcast(specialKeys, broadcastKeys), g, "left_anti");
    if (duplicatedKeys > 0) {
      Dataset<Row> repeated =
          maybeBroadcast(
              facts.where(loads().and(col(N).gt(1))).select(quotedAll(List.of(g))), broadcastKeys);
      rows = rows.unionByName(good.join(repeated, g, "left_semi").dropDuplicates(g));
    }
    return rows.select(typedCols.toArray(Column[]::new));
  }
}
