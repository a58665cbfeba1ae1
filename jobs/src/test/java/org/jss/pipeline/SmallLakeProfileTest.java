package org.jss.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.config.Rules;
import org.jss.io.Lake;
import org.junit.jupiter.api.Test;

/**
 * A night over a small lake runs with the small-lake settings and gives them back afterwards, whether the
 * night succeeds or fails; above the threshold (or with it at 0) Spark's settings are left alone.
 */
class SmallLakeProfileTest extends SparkTestBase {
  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final List<String> KEYS =
      List.of(
          "spark.sql.codegen.wholeStage", "spark.sql.codegen.factoryMode", "spark.sql.adaptive.enabled",
          "spark.sql.shuffle.partitions");

  /** Records the settings the stage ran under, then writes nothing or fails. */
  static final class Probe implements Stage {
    final List<String> seen = new ArrayList<>();
    final boolean fail;

    Probe(boolean fail) {
      this.fail = fail;
    }

    @Override
    public String name() {
      return "probe";
    }

    @Override
    public Rules rules() {
      return new Rules("probe", "1");
    }

    @Override
    public Map<String, Dataset<Row>> run(StageInputs in) {
      KEYS.forEach(k -> seen.add(spark().conf().get(k)));
      if (fail) {
        throw new IllegalStateException("probe failed on purpose");
      }
      return Map.of();
    }
  }

  private static List<String> current() {
    return KEYS.stream().map(k -> spark().conf().get(k)).toList();
  }

  @Test
  void aSmallLakeRunsInterpretedAndGetsItsSettingsBack() {
    Lake lake = new Lake(spark(), tempDir("small-lake").toString());
    List<String> before = current();
    List<String> messages = new ArrayList<>();
    Probe probe = new Probe(false);
    NightlyJob.run(lake, D, "nightly", List.of(probe), messages::add, 1L << 20);
    assertEquals("false", probe.seen.get(0));
    assertEquals("NO_CODEGEN", probe.seen.get(1));
    assertEquals("false", probe.seen.get(2));
    assertTrue(Integer.parseInt(probe.seen.get(3)) <= spark().sparkContext().defaultParallelism());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("small lake (0.0 MB")), messages.toString());
    assertEquals(before, current(), "settings restored after the night");

    Probe failing = new Probe(true);
    try {
      NightlyJob.run(lake, D, "nightly", List.of(failing), m -> {}, 1L << 20);
    } catch (RuntimeException expected) {
      // the stage's own failure, reported by the runner
    }
    assertEquals("NO_CODEGEN", failing.seen.get(1));
    assertEquals(before, current(), "settings restored after a failed night");
  }

  @Test
  void withTheThresholdAtZeroSparksSettingsStay() {
    Lake lake = new Lake(spark(), tempDir("small-lake-off").toString());
    List<String> before = current();
    Probe probe = new Probe(false);
    NightlyJob.run(lake, D, "nightly", List.of(probe), m -> {}, 0L);
    assertEquals(before, probe.seen);
  }
}
