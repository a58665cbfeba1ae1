package org.jss.fees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.pipeline.StageContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly stage's switch and settings, declared in the pipeline config. */
class FeeImpactStageTest {
  @TempDir Path dir;

  private static StageContext context(PipelineConfig config) {
    return new StageContext(null, null, null, null, config, "run", java.util.Map.of(), null);
  }

  @Test
  void offByDefaultWithTheDocumentedSchedules() {
    PipelineConfig.FeesNightly f = PipelineConfig.defaults().fees();
    assertFalse(new FeeImpactStage().enabledByDefault(context(PipelineConfig.defaults())));
    assertEquals("flat-10-2023", f.baseline());
    assertEquals("variable-2025", f.proposal());
    assertEquals("fees", new FeeImpactStage().name());
  }

  @Test
  void enabledAndValidatedFromTheConfigFile() throws Exception {
    Path on = dir.resolve("on.yaml");
    Files.writeString(on, "fees:\n  nightly:\n    enabled: true\n    proposal: sliding-2016\n");
    PipelineConfig c = PipelineConfig.load(on.toString());
    assertTrue(new FeeImpactStage().enabledByDefault(context(c)));
    assertEquals("sliding-2016", c.fees().proposal());
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "fees:\n  nightly:\n    enabled: maybe\n");
    UserError e = assertThrows(UserError.class, () -> PipelineConfig.load(bad.toString()));
    assertTrue(e.getMessage().contains("'fees.nightly.enabled'"), e.getMessage());
  }
}
