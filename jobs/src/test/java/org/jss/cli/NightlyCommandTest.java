package org.jss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jss.SparkTestBase;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** nightly's argument errors exit 2 with a message naming what is wrong, before any run starts. */
class NightlyCommandTest extends SparkTestBase {

  private static String run(int expectedCode, String... args) {
    spark();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err, true));
    assertEquals(expectedCode, cl.execute(args), err.toString());
    return err.toString();
  }

  @Test
  void aLakeWithoutInputsSaysToIngestFirst() {
    String lake = tempDir("empty-lake").toString();
    String err = run(2, "nightly", "--lake", lake, "--as-of", "2026-11-22");
    assertTrue(err.contains("no raw/contracts table in lake " + lake), err);
  }

  @Test
  void aBadDateOrStageIsNamed() {
    assertTrue(run(2, "nightly", "--lake", "x", "--as-of", "2026-13-01").contains("--as-of"));
    String err = run(2, "nightly", "--lake", "x", "--as-of", "2026-11-22", "--stages", "jss,scores");
    assertTrue(err.contains("unknown stage 'scores'") && err.contains("inactive"), err);
  }

  @Test
  void anUnknownPolicyKeyIsNamed() throws Exception {
    Path p = Files.createTempFile("policy", ".yaml");
    Files.writeString(p, "windows: [6]\n");
    String err = run(2, "nightly", "--lake", "x", "--as-of", "2026-11-22", "--policy", p.toString());
    assertTrue(err.contains("unknown key 'windows'"), err);
  }
}
