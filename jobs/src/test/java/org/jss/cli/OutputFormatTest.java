package org.jss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --format and --audience are parsed once, the same way, by every command that has them. */
class OutputFormatTest {
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void aBadValueIsNamedWithTheChoicesBeforeAnythingRuns() {
    for (String[] args :
        new String[][] {
          {"explain", "--freelancer", "f1", "--format", "xml"},
          {"evaluate", "--labels", "x.csv", "--format", "xml"},
          {"fees", "quote", "--schedule", "sliding-2016", "--amount", "5", "--format", "xml"},
          {"explain", "--freelancer", "f1", "--audience", "everyone"}
        }) {
      String[] r = run(args);
      assertEquals("2", r[0], String.join(" ", args));
      assertTrue(r[2].contains("--format") || r[2].contains("--audience"), r[2]);
      assertTrue(r[2].contains("TEXT") || r[2].contains("FREELANCER"), "lists the choices: " + r[2]);
    }
  }

  @Test
  void anyCaseIsAccepted() {
    String[] r = run("fees", "quote", "--schedule", "sliding-2016", "--amount", "500", "--format", "JSON");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].trim().startsWith("{"), r[1]);
  }
}
