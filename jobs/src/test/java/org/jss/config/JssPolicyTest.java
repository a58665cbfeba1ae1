package org.jss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jss.base.UserError;
import org.junit.jupiter.api.Test;

/** Policy files: the shipped default matches the declarations; a file changes only what it sets. */
class JssPolicyTest {

  static Path write(String yaml) throws IOException {
    Path f = Files.createTempFile("policy", ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void theShippedDefaultFileEqualsTheBuiltInDefaults() {
    assertEquals(JssPolicy.defaults(), JssPolicy.load("../conf/policy/default.yaml"));
  }

  @Test
  void aVariantFileChangesOnlyWhatItSetsAndIsNamedAfterItself() {
    JssPolicy p = JssPolicy.load("../conf/policy/positive-share.yaml");
    assertEquals(JssPolicy.POSITIVE_SHARE, p.formula());
    assertEquals("default+positive-share", p.name());
    assertEquals(JssPolicy.defaults().windowMonths(), p.windowMonths());
    assertEquals(List.of(24), JssPolicy.load("../conf/policy/long-window-only.yaml").windowMonths());
  }

  @Test
  void aBadValueNamesItsKey() throws IOException {
    UserError e =
        assertThrows(UserError.class, () -> JssPolicy.load(write("formula: NET\n").toString()));
    assertTrue(e.getMessage().contains("'formula'"), e.getMessage());
    e = assertThrows(UserError.class, () -> JssPolicy.load(write("weight:\n  max: lots\n").toString()));
    assertTrue(e.getMessage().contains("'weight.max'"), e.getMessage());
  }

  @Test
  void anUnknownKeyIsRejectedNotIgnored() throws IOException {
    UserError e =
        assertThrows(UserError.class, () -> JssPolicy.load(write("formla: NET_SUCCESS\n").toString()));
    assertTrue(e.getMessage().contains("unknown key 'formla'"), e.getMessage());
  }

  @Test
  void pipelineConfigFileOverridesDefaults() throws IOException {
    PipelineConfig c = PipelineConfig.load(write("ingest:\n  bad_row_limit: 0.2\n").toString());
    assertEquals(0.2, c.badRowLimit());
    assertEquals(PipelineConfig.defaults().lake(), c.lake());
    UserError e =
        assertThrows(
            UserError.class,
            () -> PipelineConfig.load(write("ingest:\n  bad_row_limit: 2\n").toString()));
    assertTrue(e.getMessage().contains("'ingest.bad_row_limit'"), e.getMessage());
  }
}
