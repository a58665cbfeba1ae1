package org.jss.ingest;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.jss.io.ColumnSpec.ColType;
import org.jss.io.TableSpec;

/**
 * Parses the string values of input files into the typed values of the raw tables, as Spark built-in
 * Column expressions. Each parser is strict (a pattern first, then a cast) and yields null for a value it
 * cannot read, so that "non-empty text, null value" is exactly the UNPARSABLE rule. The casts are
 * {@code try_cast}, so the result does not depend on ANSI mode.
 */
public final class Parsing {
  private Parsing() {}

  private static final String DATE = "\\d{4}-\\d{2}-\\d{2}";
  private static final String TIME = "[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?";
  private static final String OFFSET = "(Z|[+-]\\d{2}:\\d{2})";

  /** Trimmed text, with an empty field (quoted or not) as missing. */
  public static Column normalized(Column raw) {
    return nullif(trim(raw), lit(""));
  }

  /** The typed value of a normalized string, or null when it does not parse. */
  public static Column parse(ColType type, Column s) {
    return switch (type) {
      case STRING -> s;
      case TIMESTAMP -> timestamp(s);
      case MONEY ->
          when(s.rlike("^[+-]?\\d{1,16}(\\.\\d{1,2})?$"), s)
              .try_cast(TableSpec.sparkType(ColType.MONEY));
      case DOUBLE ->
          when(s.rlike("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$"), s)
              .try_cast(DataTypes.DoubleType);
      case BOOLEAN -> when(lower(s).isin("true", "false"), lower(s).equalTo(lit("true")));
    };
  }

  /**
   * An ISO-8601 instant: a date alone is midnight UTC, a time without offset is UTC, an offset is
   * honoured. The UTC cases get an explicit {@code Z} before the cast, so the session time zone never
   * changes the instant. Impossible dates (2026-02-30) cast to null.
   */
  public static Column timestamp(Column s) {
    return when(s.rlike("^" + DATE + "$"), concat(s, lit("T00:00:00Z")))
        .when(s.rlike("^" + DATE + TIME + "$"), concat(s, lit("Z")))
        .when(s.rlike("^" + DATE + TIME + OFFSET + "$"), s)
        .try_cast(DataTypes.TimestampType);
  }
}
