package org.jss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jss.anomaly.AnomalyConfig;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.pipeline.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The night's wiring: which stages run, what a named stage brings, and the rules each is stamped with. */
class NightlyStagesTest {
  @TempDir Path dir;

  private static NightlyStages wiring(PipelineConfig c) {
    return new NightlyStages(JssPolicy.defaults(), AnomalyConfig.defaults(), c);
  }

  private static List<String> names(List<Stage> stages) {
    return stages.stream().map(Stage::name).toList();
  }

  @Test
  void feesAreOffByDefaultWithTheDocumentedSchedules() {
    PipelineConfig c = PipelineConfig.defaults();
    assertEquals(List.of("facts", "jss", "inactive", "anomalies"), names(wiring(c).select(List.of())));
    assertEquals("flat-10-2023", c.fees().baseline());
    assertEquals("variable-2025", c.fees().proposal());
    Stage fees = wiring(c).select(List.of("fees")).get(0);
    assertEquals("fees:flat-10-2023..variable-2025", fees.rules().name());
  }

  @Test
  void feesEnabledAndValidatedFromTheConfigFile() throws Exception {
    Path on = dir.resolve("on.yaml");
    Files.writeString(on, "fees:\n  nightly:\n    enabled: true\n    proposal: sliding-2016\n");
    PipelineConfig c = PipelineConfig.load(on.toString());
    List<Stage> stages = wiring(c).select(List.of());
    assertEquals(List.of("facts", "jss", "inactive", "anomalies", "fees"), names(stages));
    assertEquals("fees:flat-10-2023..sliding-2016", stages.get(4).rules().name());
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "fees:\n  nightly:\n    enabled: maybe\n");
    UserError e = assertThrows(UserError.class, () -> PipelineConfig.load(bad.toString()));
    assertTrue(e.getMessage().contains("'fees.nightly.enabled'"), e.getMessage());
  }

  @Test
  void aNamedStageBringsTheStagesItReadsInRunOrder() {
    NightlyStages w = wiring(PipelineConfig.defaults());
    assertEquals(List.of("facts", "inactive"), names(w.select(List.of("inactive"))));
    assertEquals(List.of("facts", "jss", "anomalies"), names(w.select(List.of("anomalies", "jss"))));
    assertEquals(List.of("facts", "anomalies"), names(w.select(List.of("anomalies"))));
    assertEquals(List.of("facts", "jss"), names(w.select(List.of("jss"))));
    UserError e = assertThrows(UserError.class, () -> w.select(List.of("scores")));
    assertTrue(e.getMessage().contains("unknown stage 'scores'") && e.getMessage().contains("facts"), e.getMessage());
  }

  @Test
  void eachStageCarriesTheRulesItWasBuiltWith() throws Exception {
    Path variant = dir.resolve("long-only.yaml");
    Files.writeString(variant, "windows_months: [24]\n");
    Path strict = dir.resolve("strict.yaml");
    Files.writeString(strict, "dispute_rate:\n  fdr: 0.01\n");
    NightlyStages w =
        new NightlyStages(
            JssPolicy.load(variant.toString()), AnomalyConfig.load(strict.toString()), PipelineConfig.defaults());
    List<Stage> stages = w.select(List.of("jss", "inactive", "anomalies"));
    for (Stage s : stages.subList(0, 3)) {
      assertEquals("default+long-only", s.rules().name(), s.name());
    }
    Stage anomalies = stages.get(3);
    assertEquals("default+strict", anomalies.rules().name());
    assertNotEquals(AnomalyConfig.defaults().rules().version(), anomalies.rules().version());
    assertEquals("default", AnomalyConfig.defaults().rules().name());
  }
}
