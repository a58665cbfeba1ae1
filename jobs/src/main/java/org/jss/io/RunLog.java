package org.jss.io;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code _runs} table: one row per command stage run (run id, command, as-of date, stage, input table
 * versions read, row counts written, duration, outcome), appended as the run goes so a failed run is
 * recorded too.
 */
public final class RunLog {
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("command", DataTypes.StringType)
          .add("as_of_date", DataTypes.DateType)
          .add("stage", DataTypes.StringType)
          .add(
              "input_versions",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("row_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("started_at", DataTypes.TimestampType)
          .add("duration_ms", DataTypes.LongType)
          .add("outcome", DataTypes.StringType)
          .add("message", DataTypes.StringType);

  private RunLog() {}

  /** One run record. */
  public record Entry(
      String runId,
      String command,
      LocalDate asOf,
      String stage,
      Map<String, Long> inputVersions,
      Map<String, Long> rowCounts,
      Instant startedAt,
      long durationMs,
      String outcome,
      String message) {}

  public static void append(Lake lake, Entry e) {
    Row row =
        RowFactory.create(
            e.runId(),
            e.command(),
            e.asOf() == null ? null : Date.valueOf(e.asOf()),
            e.stage(),
            scala.jdk.javaapi.CollectionConverters.asScala(e.inputVersions()),
            scala.jdk.javaapi.CollectionConverters.asScala(e.rowCounts()),
            Timestamp.from(e.startedAt()),
            e.durationMs(),
            e.outcome(),
            e.message());
    lake.append(lake.runsPath(), lake.spark().createDataFrame(List.of(row), SCHEMA));
  }
}
