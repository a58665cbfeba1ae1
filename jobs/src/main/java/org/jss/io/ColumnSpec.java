package org.jss.io;

import java.util.List;

/**
 * One column of an input table as SPEC section 3 declares it: its type, whether it is required, and the
 * values or range it may take. Ingest validates against it; the generator and the stages read the typed
 * Spark column it maps to.
 */
public record ColumnSpec(
    String name, ColType type, boolean required, List<String> allowed, Double min, Double max) {

  /** The logical types of input columns and how each is stored in the raw Delta tables. */
  public enum ColType {
    STRING,
    /** ISO-8601 instant, stored as a UTC timestamp. */
    TIMESTAMP,
    /** Decimal USD, stored as decimal(18,2) so that sums are exact to the cent. */
    MONEY,
    DOUBLE,
    BOOLEAN
  }

  public static ColumnSpec req(String name, ColType type) {
    return new ColumnSpec(name, type, true, List.of(), null, null);
  }

  public static ColumnSpec opt(String name, ColType type) {
    return new ColumnSpec(name, type, false, List.of(), null, null);
  }

  public static ColumnSpec reqEnum(String name, String... values) {
    return new ColumnSpec(name, ColType.STRING, true, List.of(values), null, null);
  }

  public static ColumnSpec optEnum(String name, String... values) {
    return new ColumnSpec(name, ColType.STRING, false, List.of(values), null, null);
  }

  public ColumnSpec range(double lo, double hi) {
    return new ColumnSpec(name, type, required, allowed, lo, hi);
  }

  public boolean isEnum() {
    return !allowed.isEmpty();
  }
}
