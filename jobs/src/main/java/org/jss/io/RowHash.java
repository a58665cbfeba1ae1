package org.jss.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * The content fingerprint kept beside every row of a raw table: a 64-bit xxHash of the row's typed
 * values. Ingest compares a new row of a keyed table ({@code accounts}, {@code contracts}, {@code
 * payments}, {@code disputes}) with the lake's row of the same key by this column alone, and a row of an
 * event log (keyed by the whole row) with the lake's rows by this column and the event's times, so
 * checking a night's file against history reads keys, times and fingerprints and never re-reads or
 * re-hashes the history's values.
 *
 * <p>It hashes typed values, so the same instant or amount written two ways (an offset, 10.5 and 10.50)
 * is the same content. Each value is followed by its null flag, so that which column is empty matters
 * (xxHash alone skips nulls). A collision can only hide a conflict between two rows of one key, or make a
 * new event look stored when a stored one has the same times to the microsecond (about 1 in 1.8e19 per
 * such pair).
 */
public final class RowHash {
  private RowHash() {}

  public static final String COLUMN = "_row_hash";

  /**
   * The fingerprint over {@code value} of each declared column, with {@code unparsed} (the text of a
   * value that did not parse, else null) so that two unparsable rows differ by their text.
   */
  public static Column of(
      TableSpec spec, Function<String, Column> value, Function<String, Column> unparsed) {
    List<Column> args = new ArrayList<>();
    for (String c : spec.columnNames()) {
      args.add(value.apply(c));
      args.add(value.apply(c).isNull());
      args.add(unparsed.apply(c));
    }
    return xxhash64(args.toArray(Column[]::new));
  }

  /** The fingerprint of a typed raw row (its own columns, as the lake stores them). */
  public static Column ofTyped(TableSpec spec) {
    return of(spec, c -> col("`" + c + "`"), c -> lit(null).cast("string"));
  }
}
