package org.jss.io;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An input table of SPEC section 3: its columns, its key (empty for event logs keyed by the whole row)
 * and the references that must resolve to rows of other tables.
 */
public record TableSpec(String name, List<ColumnSpec> columns, List<String> key, List<Reference> refs) {

  /** A column whose value must be the key of a row in another table (optionally of a given role). */
  public record Reference(String column, String table, String targetColumn) {}

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public List<String> requiredColumns() {
    return columns.stream().filter(ColumnSpec::required).map(ColumnSpec::name).toList();
  }

  /** The key used to merge and de-duplicate: the declared key, or every column for an event log. */
  public List<String> mergeKey() {
    return key.isEmpty() ? columnNames() : key;
  }

  /** The typed schema of the raw Delta table. */
  public StructType sparkSchema() {
    StructField[] fields =
        columns.stream()
            .map(c -> DataTypes.createStructField(c.name(), sparkType(c.type()), true))
            .toArray(StructField[]::new);
    return DataTypes.createStructType(fields);
  }

  public static DataType sparkType(ColumnSpec.ColType type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case MONEY -> DataTypes.createDecimalType(18, 2);
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }
}
