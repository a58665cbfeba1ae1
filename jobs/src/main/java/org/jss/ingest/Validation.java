package org.jss.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.jss.io.ColumnSpec;
import org.jss.io.ColumnSpec.ColType;
import org.jss.io.TableSpec;
import org.jss.io.TableSpec.Reference;

/**
 * Validates one input table against SPEC section 3, as a side-effect-free transform: string rows in,
 * every row out with its typed values and the names of every rule it breaks.
 *
 * <p>The rules that need other rows (a key seen twice with different content, a key already in the lake
 * with different content, a reference that does not resolve) first get helper columns from one window and
 * a few left joins; then all rules are evaluated as Column expressions in one projection, and each row gets
 * the array of every rule it breaks. Cost: one shuffle for the key window plus one join per reference and
 * one with the raw table.
 */
public final class Validation {
  private Validation() {}

  /** Source file of a row, as read. */
  public static final String SOURCE_FILE = org.jss.io.SourceFiles.SOURCE_FILE;
  /** The names of the rules a row breaks (empty for a good row). */
  public static final String RULES = "_rules";
  /** True for one row of each group of rows with the same merge key (or same content for event logs). */
  public static final String FIRST_OF_KEY = "_first_of_key";
  /** True when the raw table already holds this key (or, for event logs, this exact row). */
  public static final String IN_LAKE = "_in_lake";

  private static final String HASH = "_content_hash";
  private static final String LAKE_HASH = "_lake_hash";

  /** The typed value column of input column {@code c}. */
  public static String typed(String c) {
    return "_v_" + c;
  }

  private static String norm(String c) {
    return "_n_" + c;
  }

  /** A check: where {@code broken} is true, the row breaks {@code rule}. */
  record Check(Rule rule, Column broken) {}

  /**
   * Validates {@code rows}.
   *
   * @param rows the table's columns as strings, as read (every declared column present, null when absent
   *     from the file), plus {@link #SOURCE_FILE}
   * @param lakeRows the typed raw table already in the lake
   * @param known for each reference of the table, the typed raw table it points to (already holding what
   *     this ingest loaded before)
   * @param ingestTime timestamps after it break FUTURE_TIMESTAMP
   * @return the original string columns, {@link #typed} columns, {@link #SOURCE_FILE}, {@link #RULES},
   *     {@link #FIRST_OF_KEY} and {@link #IN_LAKE}
   */
  public static Dataset<Row> validate(
      TableSpec spec,
      Dataset<Row> rows,
      Dataset<Row> lakeRows,
      Map<Reference, Dataset<Row>> known,
      Instant ingestTime) {
    Dataset<Row> parsed = rows;
    for (ColumnSpec c : spec.columns()) {
      parsed =
          parsed
              .withColumn(norm(c.name()), Parsing.normalized(col(c.name())))
              .withColumn(typed(c.name()), Parsing.parse(c.type(), col(norm(c.name()))));
    }
    parsed = parsed.withColumn(HASH, contentHash(spec, Validation::newValue));

    // Within the file: a key (or, for an event log, the content itself) seen with several contents.
    List<Column> groupCols = groupColumns(spec);
    WindowSpec byKey = Window.partitionBy(groupCols.toArray(Column[]::new));
    Column keyPresent = allNotNull(groupCols);
    parsed =
        parsed
            .withColumn(
                "_conflict_in_file", keyPresent.and(size(collect_set(col(HASH)).over(byKey)).gt(1)))
            .withColumn(FIRST_OF_KEY, row_number().over(byKey.orderBy(col(HASH))).equalTo(1));

    // Against the lake: the same key with another content.
    Dataset<Row> withLake = joinLake(spec, parsed, lakeRows);

    // References: one left join per reference against the keys it may point to.
    List<Check> refChecks = new ArrayList<>();
    Dataset<Row> out = withLake;
    int i = 0;
    for (Reference ref : spec.refs()) {
      String hit = "_ref_" + i++;
      Dataset<Row> keys =
          known.get(ref).select(col(ref.targetColumn()).as(hit)).where(col(hit).isNotNull()).distinct();
      out = out.join(keys, out.col(typed(ref.column())).equalTo(keys.col(hit)), "left");
      refChecks.add(
          new Check(
              Rule.UNKNOWN_REFERENCE, col(typed(ref.column())).isNotNull().and(col(hit).isNull())));
    }

    List<Check> checks = new ArrayList<>(rowChecks(spec, Timestamp.from(ingestTime)));
    checks.add(
        new Check(
            Rule.DUPLICATE_KEY_CONFLICT,
            col("_conflict_in_file")
                .or(col(IN_LAKE).and(col(LAKE_HASH).notEqual(col(HASH))))));
    checks.addAll(refChecks);

    List<Column> keep = new ArrayList<>();
    spec.columnNames().forEach(c -> keep.add(col(c)));
    spec.columnNames().forEach(c -> keep.add(col(typed(c))));
    keep.add(col(SOURCE_FILE));
    keep.add(rulesColumn(checks).as(RULES));
    keep.add(col(FIRST_OF_KEY));
    keep.add(col(IN_LAKE));
    return out.select(keep.toArray(Column[]::new));
  }

  /** The checks that look at one row only. */
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
            new Check(Rule.ENDED_BEFORE_STARTED, col(typed(iv.end())).lt(col(typed(iv.start())))));
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

  /**
   * The array of broken rule names, in {@link Rule} order: one {@code when} per rule (its checks or-ed),
   * nulls removed. A check whose inputs are null counts as not broken.
   */
  static Column rulesColumn(List<Check> checks) {
    Map<Rule, Column> byRule = new EnumMap<>(Rule.class);
    for (Check c : checks) {
      Column broken = coalesce(c.broken(), lit(false));
      byRule.merge(c.rule(), broken, Column::or);
    }
    Column[] names =
        byRule.entrySet().stream()
            .map(e -> when(e.getValue(), lit(e.getKey().name())))
            .toArray(Column[]::new);
    return array_compact(array(names));
  }

  /**
   * The columns that identify "the same row": the merge key, or for an event log (keyed by the whole row)
   * the content hash.
   */
  private static List<Column> groupColumns(TableSpec spec) {
    if (spec.key().isEmpty()) {
      return List.of(col(HASH));
    }
    return spec.key().stream().map(k -> col(typed(k))).toList();
  }

  private static Column allNotNull(List<Column> cols) {
    return cols.stream().map(Column::isNotNull).reduce(Column::and).orElse(lit(true));
  }

  private static Dataset<Row> joinLake(TableSpec spec, Dataset<Row> parsed, Dataset<Row> lakeRows) {
    List<String> key = spec.key().isEmpty() ? List.of(HASH) : spec.key();
    Dataset<Row> lake = lakeRows.withColumn(LAKE_HASH, contentHash(spec, Validation::lakeValue));
    List<Column> lakeCols = new ArrayList<>();
    for (String k : key) {
      Column v = k.equals(HASH) ? col(LAKE_HASH) : col(k);
      lakeCols.add(v.as("_lake_key_" + k));
    }
    lakeCols.add(col(LAKE_HASH));
    Dataset<Row> side = lake.select(lakeCols.toArray(Column[]::new)).distinct();
    Column on =
        key.stream()
            .map(
                k -> {
                  Column mine = k.equals(HASH) ? parsed.col(HASH) : parsed.col(typed(k));
                  return mine.equalTo(side.col("_lake_key_" + k));
                })
            .reduce(Column::and)
            .orElseThrow();
    return parsed.join(side, on, "left").withColumn(IN_LAKE, col(LAKE_HASH).isNotNull());
  }

  /**
   * A fingerprint of a row's content over the declared columns: typed values where they parse, the text
   * otherwise (so two unparsable rows differ by their text). Computed the same way for the lake's typed
   * rows, so "same content" means the same typed values whatever their spelling (10.5 and 10.50).
   */
  private static Column contentHash(TableSpec spec, Function<String, Column> value) {
    Column[] fields =
        spec.columnNames().stream().map(c -> value.apply(c).as(c)).toArray(Column[]::new);
    return sha2(to_json(struct(fields)), 256);
  }

  private static Column newValue(String c) {
    return coalesce(col(typed(c)).cast("string"), concat(lit("\u0000text:"), col(norm(c))));
  }

  private static Column lakeValue(String c) {
    return col(c).cast("string");
  }
}
