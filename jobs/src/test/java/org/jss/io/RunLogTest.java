package org.jss.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jss.CliRun;
import org.jss.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * How {@code _runs} tells an attempt's end: succeeded, failed at a stage, or interrupted (killed after it
 * started, so nothing recorded its end), read back without Spark as {@code jss runs} reads it.
 */
class RunLogTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.of(2026, 11, 22);
  private static final Instant T = Instant.parse("2026-11-23T02:00:00Z");

  private static RunLog.Entry stage(String run, String stage, int second, String outcome, String message) {
    return new RunLog.Entry(
        run, "nightly", D, stage, Map.of("raw/contracts", 3L), Map.of("t_" + stage, 10L),
        T.plusSeconds(second), 1500L, outcome, message);
  }

  @Test
  void attemptsTellSucceededFailedAndInterruptedRuns() {
    Lake lake = new Lake(spark(), tempDir("jss-runs").toString());
    List<String> both = List.of("facts", "jss");
    // An attempt killed during jss: its STARTED row and facts, then nothing.
    RunLog.append(lake, RunLog.started("killed", "nightly", D, both, Map.of(), T));
    RunLog.append(lake, stage("killed", "facts", 1, RunLog.SUCCEEDED, null));
    // The rerun that completed.
    RunLog.append(lake, RunLog.started("ok", "nightly", D, both, Map.of(), T.plusSeconds(60)));
    RunLog.append(lake, stage("ok", "facts", 61, RunLog.SUCCEEDED, null));
    RunLog.append(lake, stage("ok", "jss", 62, RunLog.SUCCEEDED, null));
    // One that failed at jss.
    RunLog.append(lake, RunLog.started("bad", "nightly", D, both, Map.of(), T.plusSeconds(120)));
    RunLog.append(lake, stage("bad", "facts", 121, RunLog.SUCCEEDED, null));
    RunLog.append(lake, stage("bad", "jss", 122, RunLog.FAILED, "out of memory"));
    // A run recorded before STARTED rows existed: no plan, judged by its stages.
    RunLog.append(lake, stage("old", "jss", -3600, RunLog.SUCCEEDED, null));

    List<RunLog.Attempt> attempts = RunLog.attempts(lake.reader().runs());
    assertEquals(List.of("old", "killed", "ok", "bad"), attempts.stream().map(RunLog.Attempt::runId).toList());
    RunLog.Attempt old = attempts.get(0);
    RunLog.Attempt killed = attempts.get(1);
    RunLog.Attempt ok = attempts.get(2);
    RunLog.Attempt bad = attempts.get(3);
    assertEquals(RunLog.SUCCEEDED, old.outcome());
    assertEquals(RunLog.INTERRUPTED, killed.outcome());
    assertTrue(killed.message().contains("after stage facts") && killed.message().endsWith("not run: jss"), killed.message());
    assertEquals(RunLog.SUCCEEDED, ok.outcome());
    assertEquals(3000L, ok.durationMs());
    assertEquals(both, ok.planned());
    assertEquals(10L, ok.stages().get(0).rowsWritten());
    assertEquals(RunLog.FAILED, bad.outcome());
    assertEquals("stage jss: out of memory", bad.message());
    assertEquals(D, bad.asOf());

    CliRun text = CliRun.of("runs", "--lake", lake.root());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("INTERRUPTED"), text.out());
    assertTrue(text.out().contains("stage jss: out of memory"), text.out());
  }

  @Test
  void aLakeWithoutRunsSaysSoAndABadLimitIsRefused() {
    String root = tempDir("jss-noruns").toString();
    CliRun none = CliRun.of("runs", "--lake", root);
    assertEquals(0, none.code(), none.err());
    assertTrue(none.out().contains("no runs recorded"), none.out());
    CliRun bad = CliRun.of("runs", "--lake", root, "--last", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--last"), bad.err());
  }
}
