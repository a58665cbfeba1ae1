package org.jss.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jss.base.UserError;
import org.junit.jupiter.api.Test;

/** The thresholds a night runs with, and what its flags record of them. */
class AnomalyConfigTest {
  @Test
  void theShippedFileWritesOutTheBuiltInThresholds() {
    AnomalyConfig shipped = AnomalyConfig.load(Path.of("..", "conf", "anomaly.yaml").toString());
    AnomalyConfig defaults = AnomalyConfig.defaults();
    assertEquals(defaults.rules().version(), shipped.rules().version(), "same values, same fingerprint");
    assertEquals("default", defaults.rules().name());
    assertEquals("default+anomaly", shipped.rules().name(), "a file that does not name itself");
  }

  @Test
  void anyChangedThresholdChangesTheVersionAndANamedFileKeepsItsName() {
    AnomalyConfig changed = AnomalyConfig.parse("t", "name: strict\nearnings_spike:\n  min_usd: 2000\n");
    assertEquals("strict", changed.rules().name());
    assertEquals(2000.0, changed.spikeMinUsd(), 0.0);
    assertNotEquals(AnomalyConfig.defaults().rules().version(), changed.rules().version());
    UserError e = assertThrows(UserError.class, () -> AnomalyConfig.parse("t", "earnings_spike:\n  min: 1\n"));
    assertTrue(e.getMessage().contains("unknown key 'earnings_spike.min'"), e.getMessage());
  }
}
