package org.jss.fees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jss.base.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedule files: every shipped one loads, and a bad one is a UserError naming the file and key. */
class FeeSchedulesTest {
  @TempDir Path dir;

  private UserError bad(String yaml) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), yaml);
    return assertThrows(UserError.class, () -> new FeeSchedules(dir).load("bad"));
  }

  @Test
  void everyShippedScheduleLoadsFromTheRepositoryCopy() {
    FeeSchedules repo = new FeeSchedules(Path.of("..", "conf", "fees"));
    for (String name : FeeSchedules.SHIPPED) {
      FeeSchedule s = repo.load(name);
      assertEquals(name, s.name(), "name of " + name);
      assertTrue(s.source().startsWith("https://"), name + " names its source");
    }
  }

  @Test
  void aTierRateOutOfRangeNamesTheFileAndKey() throws IOException {
    UserError e =
        bad("freelancer:\n  tiers:\n    - up_to_usd: 500\n      rate: 0.2\n    - rate: 1.5\n");
    assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("'freelancer.tiers[1].rate'"), e.getMessage());
  }

  @Test
  void typosAndMissingPartsAreNamed() throws IOException {
    assertTrue(bad("freelancer:\n  rat: 0.1\n").getMessage().contains("'freelancer.rat'"));
    assertTrue(bad("description: no fee\n").getMessage().contains("'freelancer.rate'"));
    assertTrue(
        bad("freelancer:\n  tiers:\n    - up_to_usd: 500\n      rate: 0.2\n    - up_to_usd: 400\n"
                + "      rate: 0.1\n    - rate: 0.05\n")
            .getMessage()
            .contains("'freelancer.tiers[1].up_to_usd'"));
    assertTrue(
        bad("freelancer:\n  rules:\n    - rate: 0.1\n    - when: {categories: [X]}\n      rate: 0.2\n")
            .getMessage()
            .contains("'freelancer.rules[0].when'"));
    assertTrue(
        bad("freelancer:\n  rate: 0.1\nclient:\n  initiation_fee:\n    min_usd: 1.999\n")
            .getMessage()
            .contains("'client.initiation_fee.min_usd'"));
    assertTrue(bad("name: other\nfreelancer:\n  rate: 0.1\n").getMessage().contains("'name'"));
  }

  @Test
  void anUnknownScheduleListsTheKnownOnes() {
    UserError e = assertThrows(UserError.class, () -> new FeeSchedules(dir).load("nope"));
    assertTrue(e.getMessage().contains("sliding-2016"), e.getMessage());
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }
}
