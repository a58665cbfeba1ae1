package org.jss.io;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code _runs} table: one row per command stage run (run id, command, as-of date, stage, input table
 * versions read, row counts written, duration, outcome), appended as the run goes so a failed run is
 * recorded too; and, first, one {@link #STARTED} row naming the stages the run means to run, so a run
 * that was killed (and so could record nothing more) still shows as an attempt ({@link #attempts}).
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

  /** The outcome of a run's first row: its {@code stage} lists the planned stages, comma-separated. */
  public static final String STARTED = "STARTED";

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  /** What {@link #attempts} says of a run that started and recorded neither a failure nor every stage. */
  public static final String INTERRUPTED = "INTERRUPTED";

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

  /** The {@link #STARTED} entry of a run that is about to run {@code stages}, in order. */
  public static Entry started(
      String runId, String command, LocalDate asOf, List<String> stages, Map<String, Long> inputVersions,
      Instant at) {
    return new Entry(
        runId, command, asOf, String.join(",", stages), inputVersions, Map.of(), at, 0L, STARTED, null);
  }

  /** One stage of an attempt as {@code _runs} recorded it. */
  public record StageRun(String stage, String outcome, long durationMs, long rowsWritten, String message) {}

  /**
   * One attempt of a command: its stages as recorded and its outcome: {@link #FAILED} when a stage
   * failed, {@link #SUCCEEDED} when every planned stage succeeded, {@link #INTERRUPTED} when it ended
   * without either (the process was killed or the machine stopped: nothing could record it). Runs
   * recorded by a release before {@link #STARTED} rows existed have no plan: they count as succeeded
   * unless a stage failed.
   */
  public record Attempt(
      String runId,
      String command,
      LocalDate asOf,
      Instant startedAt,
      List<String> planned,
      List<StageRun> stages,
      String outcome,
      long durationMs,
      String message) {}

  /** The attempts in {@code rows} ({@code _runs} rows in any order), oldest first. */
  public static List<Attempt> attempts(List<Row> rows) {
    Map<String, List<Row>> byRun = new LinkedHashMap<>();
    rows.stream()
        .sorted(Comparator.comparing((Row r) -> r.<Timestamp>getAs("started_at")))
        .forEach(r -> byRun.computeIfAbsent(r.getAs("run_id"), k -> new ArrayList<>()).add(r));
    return byRun.values().stream().map(RunLog::attempt).toList();
  }

  /** One run's rows, oldest first, as an attempt. */
  private static Attempt attempt(List<Row> run) {
    Row first = run.get(0);
    List<String> planned = List.of();
    List<StageRun> stages = new ArrayList<>();
    for (Row r : run) {
      if (STARTED.equals(r.getAs("outcome"))) {
        planned = List.of(r.<String>getAs("stage").split(","));
      } else {
        stages.add(
            new StageRun(
                r.getAs("stage"), r.getAs("outcome"), r.<Long>getAs("duration_ms"),
                rowsWritten(r.getAs("row_counts")), r.getAs("message")));
      }
    }
    Optional<StageRun> failed = stages.stream().filter(st -> FAILED.equals(st.outcome())).findFirst();
    Set<String> done = new HashSet<>();
    stages.stream().filter(st -> SUCCEEDED.equals(st.outcome())).forEach(st -> done.add(st.stage()));
    List<String> notRun = planned.stream().filter(st -> !done.contains(st)).toList();
    String outcome;
    String message = null;
    if (failed.isPresent()) {
      outcome = FAILED;
      message = "stage " + failed.get().stage() + ": " + failed.get().message();
    } else if (notRun.isEmpty()) {
      outcome = SUCCEEDED;
    } else {
      outcome = INTERRUPTED;
      message =
          "ended without a record after "
              + (stages.isEmpty() ? "starting" : "stage " + stages.get(stages.size() - 1).stage())
              + " (killed or stopped); not run: "
              + String.join(", ", notRun);
    }
    Date asOf = first.getAs("as_of_date");
    return new Attempt(
        first.getAs("run_id"),
        first.getAs("command"),
        asOf == null ? null : asOf.toLocalDate(),
        first.<Timestamp>getAs("started_at").toInstant(),
        planned,
        List.copyOf(stages),
        outcome,
        stages.stream().mapToLong(StageRun::durationMs).sum(),
        message);
  }

  private static long rowsWritten(scala.collection.Map<String, Object> counts) {
    long total = 0L;
    if (counts != null) {
      for (Object v : scala.jdk.javaapi.CollectionConverters.asJava(counts).values()) {
        total += ((Number) v).longValue();
      }
    }
    return total;
  }

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
    try {
      lake.append(lake.runsPath(), lake.spark().createDataFrame(List.of(row), SCHEMA));
    } catch (java.util.ConcurrentModificationException conflict) {
      // Two runs starting on a lake without _runs both create it and Delta refuses the second; once the
      // table exists, appends never conflict (they read nothing), so the loser's row goes in as usual.
      lake.append(lake.runsPath(), lake.spark().createDataFrame(List.of(row), SCHEMA));
    }
  }
}
