package org.jss.ingest;

/**
 * The validation rules of SPEC section 3. Their names are stable strings: quarantine rows list them and
 * {@code data_quality} counts them, so renaming one breaks the readers of both tables.
 */
public enum Rule {
  /** A required column is empty (quoted or not) or absent from the row. */
  MISSING_REQUIRED,
  /** A timestamp, money, number or boolean that does not parse in the format SPEC section 3 gives. */
  UNPARSABLE,
  /** A value outside its column's list (role, contract_type, outcome...). */
  ENUM_OUT_OF_RANGE,
  /** A contract ended before it started, or a dispute closed before it opened. */
  ENDED_BEFORE_STARTED,
  /** public_rating outside 1.0-5.0, private_score outside 0-10, or a private_score from a FREELANCER. */
  RATING_OUT_OF_RANGE,
  /** A timestamp after the ingest time. */
  FUTURE_TIMESTAMP,
  /** The same key with different content, within the file or against the raw table in the lake. */
  DUPLICATE_KEY_CONFLICT,
  /** A contract or account id that is neither in the lake nor loaded earlier in this ingest. */
  UNKNOWN_REFERENCE;

  /** The column of {@code data_quality} counting this rule's rows, e.g. {@code missing_required}. */
  public String countColumn() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
