package org.jss.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jss.SparkTestBase;
import org.jss.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandTest extends SparkTestBase {

  private record Outcome(int exit, String out, String err) {}

  private static Outcome jss(String... args) {
    spark(); // the command reuses the suite's session
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Outcome(exit, out.toString(), err.toString());
  }

  private static String[] ingestArgs(Path src, Path lake, String format) {
    return new String[] {
      "ingest", "--source", src.toString(), "--format", format, "--lake", lake.toString(),
      "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2"
    };
  }

  private static Path accounts(String csv) throws IOException {
    Path dir = tempDir("ingest-cli");
    Files.writeString(dir.resolve("accounts.csv"), csv);
    return dir;
  }

  @Test
  void printsASummaryAndExitsZero() throws IOException {
    Path src = accounts("account_id,role,created_at,country\nf1,FREELANCER,2025-01-01,US\n");
    Outcome o = jss(ingestArgs(src, tempDir("lake"), "csv"));
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("accounts: validating"), "progress line: " + o.out());
    assertTrue(o.out().matches("(?s).*accounts\\s+LOADED\\s+1\\s+1\\s+0\\s+0.*"), o.out());
  }

  @Test
  void overTheBadRowLimitExitsOneNamingTableShareAndLimit() throws IOException {
    Path src =
        accounts("account_id,role,created_at,country\nf1,FREELANCER,2025-01-01,US\nf2,ADMIN,2025-01-01,US\n");
    Outcome o = jss(ingestArgs(src, tempDir("lake"), "csv"));
    assertEquals(1, o.exit(), o.out() + o.err());
    assertTrue(
        o.err().contains("accounts") && o.err().contains("50.0%") && o.err().contains("5.0%"),
        o.err());
    assertTrue(o.out().contains("ENUM_OUT_OF_RANGE 1"), "summary by rule: " + o.out());
  }

  @Test
  void missingColumnOrBadFormatExitsTwo() throws IOException {
    Path src = accounts("account_id,role\nf1,FREELANCER\n");
    Outcome o = jss(ingestArgs(src, tempDir("lake"), "csv"));
    assertEquals(2, o.exit(), o.err());
    assertTrue(o.err().contains("accounts.csv") && o.err().contains("'created_at'"), o.err());
    assertEquals(2, jss(ingestArgs(src, tempDir("lake"), "xml")).exit(), "unknown format");
  }
}
