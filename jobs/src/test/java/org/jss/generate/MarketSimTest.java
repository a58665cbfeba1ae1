package org.jss.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator's pure parts, without Spark: ids, the plant plan, one entity's rows, dirty rows. */
class MarketSimTest {
  private static final long END_EXCL =
      LocalDate.of(2026, 11, 23).atStartOfDay(ZoneOffset.UTC).toEpochSecond();

  private static List<String> rowsOf(MarketSim sim, long i) {
    List<String> rows = new ArrayList<>();
    sim.freelancer(i, (t, v) -> rows.add(t + ":" + String.join(",", nullsAsEmpty(v))));
    return rows;
  }

  private static List<String> nullsAsEmpty(String[] v) {
    List<String> out = new ArrayList<>();
    for (String s : v) {
      out.add(s == null ? "" : s);
    }
    return out;
  }

  @Test
  void idsAreDistinctForDistinctNumbers() {
    Set<String> ids = new HashSet<>();
    for (long i = 0; i < 20_000; i++) {
      ids.add(Ids.accountId(5, Ids.FREELANCER, i));
      ids.add(Ids.accountId(5, Ids.CLIENT, i));
    }
    assertEquals(40_000, ids.size(), "the 48-bit scramble is a bijection");
    assertNotEquals(Ids.accountId(5, Ids.FREELANCER, 1), Ids.accountId(6, Ids.FREELANCER, 1));
  }

  @Test
  void moneyAndTimesUseTheSpecFormats() {
    assertEquals("-12.50", Ids.money(-1250));
    assertEquals("0.05", Ids.money(5));
    assertEquals("2026-03-04T10:15:00Z", Ids.ts(LocalDate.of(2026, 3, 4)
        .atTime(10, 15).toEpochSecond(ZoneOffset.UTC)));
    assertEquals("4.8", Ids.rating(4.8000001));
  }

  @Test
  void planCoversEveryKindWithDisjointAccounts() {
    for (long n : new long[] {50, 300, 100_000}) {
      PlantPlan plan = PlantPlan.of(42, n);
      Set<Planted> kinds = EnumSet.noneOf(Planted.class);
      Set<Long> seen = new HashSet<>();
      for (PlantPlan.Label l : plan.labels()) {
        kinds.add(l.kind());
        assertTrue(seen.add(l.freelancer()), "one kind per freelancer: " + l);
        assertTrue(l.freelancer() < n);
      }
      assertEquals(EnumSet.allOf(Planted.class), kinds, "n=" + n);
      if (n == 100_000) {
        double share = plan.labels().size() / (double) n;
        assertTrue(share > 0.01 && share < 0.02, "about 1-2% planted: " + share);
      }
    }
  }

  @Test
  void aFreelancersRowsArePureFunctionsOfSeedAndIndex() {
    PlantPlan plan = PlantPlan.of(9, 200);
    MarketSim a = new MarketSim(9, 200, END_EXCL, plan);
    MarketSim b = new MarketSim(9, 200, END_EXCL, plan);
    for (long i : new long[] {0, 17, 199}) {
      assertEquals(rowsOf(a, i), rowsOf(b, i), "freelancer " + i);
    }
    assertNotEquals(rowsOf(a, 3), rowsOf(new MarketSim(10, 200, END_EXCL, PlantPlan.of(10, 200)), 3));
  }

  @Test
  void dirtyRowsCoverEveryRuleAndParquetLeavesOutUnparsable() {
    PlantPlan plan = PlantPlan.of(4, 100);
    MarketSim sim = new MarketSim(4, 100, END_EXCL, plan);
    Map<Integer, List<String[]>> sample = null;
    for (long i = 0; sample == null; i++) {
      Map<Integer, List<String[]>> rows = new HashMap<>();
      sim.freelancer(i, (t, v) -> rows.computeIfAbsent(t, k -> new ArrayList<>()).add(v));
      if (!plan.isPlanted(i) && rows.containsKey(MarketSim.PAYMENTS)
          && rows.getOrDefault(MarketSim.FEEDBACK, List.of()).stream()
              .anyMatch(r -> r[1].equals("CLIENT"))) {
        sample = rows;
      }
    }
    Set<String> rules = new HashSet<>();
    DirtyRows.build(sample, END_EXCL, true).labels().forEach(l -> rules.add(l.rule()));
    assertEquals(Set.of("MISSING_REQUIRED", "UNPARSABLE", "ENUM_OUT_OF_RANGE", "ENDED_BEFORE_STARTED",
        "RATING_OUT_OF_RANGE", "FUTURE_TIMESTAMP", "DUPLICATE_KEY_CONFLICT", "IDENTICAL_DUPLICATE",
        "UNKNOWN_REFERENCE"), rules);
    assertFalse(DirtyRows.build(sample, END_EXCL, false).labels().stream()
        .anyMatch(l -> l.rule().equals("UNPARSABLE")));
  }
}
