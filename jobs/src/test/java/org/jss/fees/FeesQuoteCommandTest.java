package org.jss.fees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.jss.CliRun;
import org.junit.jupiter.api.Test;

/** {@code jss fees quote} through the real command line, without Spark. */
class FeesQuoteCommandTest {
  private static JsonNode json(String... args) throws Exception {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), "exit code; stderr: " + r.err());
    JsonNode node =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(r.out());
    // Money is written in cents (400.00, never 400 or 400.0): check the text as written.
    for (String field : new String[] {"fee_usd", "take_home_usd"}) {
      String written = "\"" + field + "\":" + node.get(field).decimalValue().setScale(2).toPlainString();
      assertTrue(r.out().contains(written), "expected " + written + " in " + r.out());
    }
    return node;
  }

  private static void assertUsd(String expected, JsonNode value, String what) {
    assertEquals(0, new BigDecimal(expected).compareTo(value.decimalValue()), what + ": got " + value);
  }

  @Test
  void fiveHundredDollarsLeaves400ThenThe450() throws Exception {
    JsonNode first =
        json("fees", "quote", "--schedule", "sliding-2016", "--amount", "500", "--format", "json");
    assertUsd("400.00", first.get("take_home_usd"), "first month");
    assertUsd("100.00", first.get("fee_usd"), "first month fee");
    assertEquals(1, first.get("parts").size(), "one tier touched");
    JsonNode second =
        json("fees", "quote", "--schedule", "sliding-2016", "--amount", "500", "--billed-before", "500",
            "--format", "json");
    assertUsd("450.00", second.get("take_home_usd"), "second month");
  }

  @Test
  void textOutputShowsTheSplit() {
    CliRun r = CliRun.of("fees", "quote", "--schedule", "sliding-2016", "--amount", "12000");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Take-home") && r.out().contains("10850.00"), r.out());
    assertTrue(r.out().contains("9500.00 x 10%"), r.out());
  }

  @Test
  void variableScheduleUsesTheContractAttributes() throws Exception {
    JsonNode q =
        json("fees", "quote", "--schedule", "variable-2025", "--amount", "2000", "--category", "Writing",
            "--format", "json");
    assertUsd("200.00", q.get("fee_usd"), "writing at 10%");
  }

  @Test
  void unknownScheduleExitsTwoListingTheKnownOnes() {
    CliRun r = CliRun.of("fees", "quote", "--schedule", "sliding-2099", "--amount", "500");
    assertEquals(2, r.code(), "exit code");
    assertTrue(r.err().contains("sliding-2099") && r.err().contains("sliding-2016"), r.err());
    assertEquals(2, CliRun.of("fees", "quote", "--schedule", "sliding-2016", "--amount", "abc").code());
    assertEquals(2, CliRun.of("fees", "quote", "--schedule", "sliding-2016", "--amount", "1.001").code());
  }
}
