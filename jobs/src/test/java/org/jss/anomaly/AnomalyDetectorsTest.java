package org.jss.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.jss.config.JssPolicy;
import org.jss.facts.ContractFacts;
import org.jss.io.Schemas;
import org.jss.io.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * Each detector on a hand-built marketplace: a positive case that must be flagged with evidence naming
 * its contracts and accounts, and a near miss next to it that must not be.
 */
class AnomalyDetectorsTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.parse("2026-11-22");
  static final AnomalyConfig C = AnomalyConfig.defaults();

  /** Flags of one detector by account. */
  static Map<String, Row> run(Detector d, Fixtures f) {
    Map<String, Row> out = new TreeMap<>();
    Snapshot s = f.snapshot(spark(), AS_OF);
    AnomalyInputs in = AnomalyInputs.of(s, ContractFacts.compute(s, JssPolicy.defaults()));
    for (Row r : Flags.conform(d.flags().apply(in)).collectAsList()) {
      assertEquals(d.name(), r.getAs("detector"));
      assertFalse(((String) r.getAs("sentence")).isBlank(), "a sentence");
      assertNotNull(r.getAs("metric"));
      out.put(r.getAs("account_id"), r);
    }
    return out;
  }

  static List<String> list(Row r, String field) {
    return r.getList(r.fieldIndex(field));
  }

  static Fixtures signal(Fixtures f, String account, String at, String ip, String device, String fp) {
    return f.add(Schemas.ACCOUNT_SIGNALS, account, Fixtures.ts(at), ip, device, fp);
  }

  /** A quick, small, paid fixed-price job rated 5.0 both ways. */
  static Fixtures quickJob(Fixtures f, String id, String fl, String cl, String start, double usd) {
    String end = LocalDate.parse(start).plusDays(1).toString();
    return f.contract(id, fl, cl, start, end, "COMPLETED")
        .payment("p" + id, id, end, usd)
        .clientFeedback(id, end, 5.0, 10.0)
        .freelancerFeedback(id, end, 5.0);
  }

  @Test
  void selfDealingFlagsAFreelancerPaidByAClientWithItsOwnFingerprint() {
    Fixtures f = new Fixtures();
    f.account("f1", "FREELANCER", "2024-01-01", "US").account("c1", "CLIENT", "2025-01-01", "US");
    f.account("f2", "FREELANCER", "2024-01-01", "US").account("c2", "CLIENT", "2025-01-01", "US");
    signal(f, "f1", "2025-02-01", "US", "dev-f1", "fp-1");
    signal(f, "c1", "2025-02-02", "US", "dev-c1", "fp-1");
    quickJob(f, "k1", "f1", "c1", "2025-03-01", 400);
    quickJob(f, "k2", "f1", "c1", "2025-04-01", 500);
    // Near miss: f2 shares a device with client c2 but never worked for it (f2 works for c1).
    signal(f, "f2", "2025-02-01", "US", "dev-2", "fp-2");
    signal(f, "c2", "2025-02-01", "US", "dev-2", "fp-3");
    quickJob(f, "k3", "f2", "c1", "2025-03-01", 400);
    Map<String, Row> flags = run(Detectors.selfDealing(C), f);
    assertEquals(List.of("f1"), List.copyOf(flags.keySet()));
    Row r = flags.get("f1");
    assertEquals(List.of("k1", "k2"), list(r, "contracts"), "the contracts behind the flag");
    assertEquals(List.of("c1"), list(r, "linked_accounts"), "the client account");
    assertEquals("HIGH", r.getAs("severity"));
    assertTrue(((String) r.getAs("sentence")).contains("payout fingerprint"), (String) r.getAs("sentence"));
  }

  @Test
  void multiAccountFlagsEveryFreelancerOfAGroupSharingADevice() {
    Fixtures f = new Fixtures();
    for (String a : List.of("f1", "f2", "f3", "f4", "f5")) {
      f.account(a, "FREELANCER", "2024-01-01", "IN");
    }
    f.account("c1", "CLIENT", "2024-01-01", "US");
    // f1-f2 share a device, f2-f3 a payout fingerprint: one group of three.
    signal(f, "f1", "2025-01-01", "IN", "dev-a", "fp-1");
    signal(f, "f2", "2025-01-02", "IN", "dev-a", "fp-2");
    signal(f, "f3", "2025-01-03", "IN", "dev-3", "fp-2");
    // Near miss: f4 and f5 share a country and a client but no identifier; c1 shares f5's device
    // (a client, not a freelancer: not a multi-account).
    signal(f, "f4", "2025-01-01", "IN", "dev-4", "fp-4");
    signal(f, "f5", "2025-01-01", "IN", "dev-5", "fp-5");
    signal(f, "c1", "2025-01-01", "US", "dev-5", "fp-c");
    Map<String, Row> flags = run(Detectors.multiAccount(C), f);
    assertEquals(List.of("f1", "f2", "f3"), List.copyOf(flags.keySet()));
    assertEquals(List.of("f2", "f3"), list(flags.get("f1"), "linked_accounts"));
    assertEquals(3.0, (double) flags.get("f3").getAs("value"));
    assertEquals("HIGH", flags.get("f3").getAs("severity"), "a shared payout fingerprint");
  }

  @Test
  void feedbackRingFlagsFreelancersTradingQuickTopRatedJobsWithTheSameClients() {
    Fixtures f = new Fixtures();
    List<String> ring = List.of("f1", "f2", "f3");
    List<String> clients = List.of("c1", "c2");
    ring.forEach(a -> f.account(a, "FREELANCER", "2024-01-01", "PH"));
    clients.forEach(c -> f.account(c, "CLIENT", "2024-06-01", "US"));
    int k = 0;
    for (String a : ring) {
      for (String c : clients) {
        for (int m = 0; m < 2; m++) {
          quickJob(f, "r" + (k++), a, c, "2025-0" + (3 + m) + "-1" + k % 10, 40);
        }
      }
    }
    // Near miss: f4 has two quick top-rated jobs with each of c3 and c4, but no one else shares them.
    f.account("f4", "FREELANCER", "2024-01-01", "PH");
    f.account("c3", "CLIENT", "2024-06-01", "US").account("c4", "CLIENT", "2024-06-01", "US");
    quickJob(f, "n1", "f4", "c3", "2025-03-01", 40);
    quickJob(f, "n2", "f4", "c3", "2025-04-01", 40);
    quickJob(f, "n3", "f4", "c4", "2025-03-05", 40);
    quickJob(f, "n4", "f4", "c4", "2025-04-05", 40);
    Map<String, Row> flags = run(Detectors.feedbackRing(C), f);
    assertEquals(ring, List.copyOf(flags.keySet()));
    Row r = flags.get("f1");
    assertEquals(List.of("f2", "f3", "c1", "c2"), list(r, "linked_accounts"));
    assertEquals(4, list(r, "contracts").size(), "f1's four ring contracts");
  }

  @Test
  void feedbackRingFindsASparseRingOfTwoRatedBelowFiveAndNotABusyClientsQuickJobs() {
    Fixtures f = new Fixtures();
    // Two freelancers and three clients that exist for each other: most pairs traded once, rated 4.8.
    List<String> ring = List.of("f1", "f2");
    List<String> clients = List.of("c1", "c2", "c3");
    ring.forEach(a -> f.account(a, "FREELANCER", "2024-01-01", "PH"));
    clients.forEach(c -> f.account(c, "CLIENT", "2024-06-01", "US"));
    int k = 0;
    for (String a : ring) {
      for (String c : clients) {
        String start = "2025-0" + (3 + k % 6) + "-1" + k % 10;
        String end = LocalDate.parse(start).plusDays(2).toString();
        f.contract("s" + k, a, c, start, end, "COMPLETED")
            .payment("ps" + k, "s" + k, end, 60)
            .clientFeedback("s" + k, end, 4.8, 9.0)
            .freelancerFeedback("s" + k, end, 4.9);
        k++;
      }
    }
    // Near miss: a busy client hires f3 and f4 for quick 5-star jobs, and so does a second busy
    // client, but both mostly buy long work from others: their business is not these contracts.
    f.account("f3", "FREELANCER", "2024-01-01", "PH").account("f4", "FREELANCER", "2024-01-01", "PH");
    f.account("f5", "FREELANCER", "2024-01-01", "PH");
    for (String c : List.of("b1", "b2")) {
      f.account(c, "CLIENT", "2024-06-01", "US");
      for (String a : List.of("f3", "f4")) {
        for (int m = 0; m < 2; m++) {
          quickJob(f, c + a + m, a, c, "2025-0" + (3 + m) + "-05", 40);
        }
      }
      for (int m = 0; m < 10; m++) {
        f.contract(c + "long" + m, "f5", c, "2024-07-01", "2025-06-01", "COMPLETED")
            .payment("p" + c + "long" + m, c + "long" + m, "2025-06-01", 5000);
      }
    }
    Map<String, Row> flags = run(Detectors.feedbackRing(C), f);
    assertEquals(ring, List.copyOf(flags.keySet()));
    Row r = flags.get("f1");
    assertEquals(List.of("f2", "c1", "c2", "c3"), list(r, "linked_accounts"));
    assertEquals(1.0, (double) r.getAs("value"), 1e-9, "all of the clients' contracts are in the group");
  }

  @Test
  void jssFarmingFlagsABurstOfTinyJobsFromBrandNewClients() {
    Fixtures f = new Fixtures();
    f.account("farmer", "FREELANCER", "2024-01-01", "PK").account("honest", "FREELANCER", "2024-01-01", "PK");
    for (int i = 0; i < 8; i++) {
      String start = "2026-10-" + (10 + i);
      f.account("nc" + i, "CLIENT", LocalDate.parse(start).minusDays(2).toString(), "US");
      quickJob(f, "fa" + i, "farmer", "nc" + i, start, 20);
    }
    // Near miss: eight tiny top-rated jobs too, but from clients a year old.
    for (int i = 0; i < 8; i++) {
      f.account("oc" + i, "CLIENT", "2025-10-01", "US");
      quickJob(f, "ho" + i, "honest", "oc" + i, "2026-10-" + (10 + i), 20);
    }
    Map<String, Row> flags = run(Detectors.jssFarming(C), f);
    assertEquals(List.of("farmer"), List.copyOf(flags.keySet()));
    Row r = flags.get("farmer");
    assertEquals(8, list(r, "contracts").size());
    assertEquals(8, list(r, "linked_accounts").size(), "the new clients");
    assertTrue((double) r.getAs("p_value") < 1e-6);
  }

  @Test
  void jssFarmingCountsTheBurstsOpenContractsWhenMostOfItIsCompletedTopRated() {
    Fixtures f = new Fixtures();
    // "running": four completed, three still open (a burst in progress); "unrated": two completed and
    // five open, so most of its burst has no rating yet and it is not top-rated farming.
    for (String fl : List.of("running", "unrated")) {
      f.account(fl, "FREELANCER", "2024-01-01", "PK");
      int completed = fl.equals("running") ? 4 : 2;
      for (int i = 0; i < 7; i++) {
        String start = "2026-10-" + (10 + i);
        String client = fl + "-nc" + i;
        f.account(client, "CLIENT", LocalDate.parse(start).minusDays(1).toString(), "US");
        if (i < completed) {
          quickJob(f, fl + i, fl, client, start, 30);
        } else {
          f.contract(fl + i, fl, client, start, null, null);
        }
      }
    }
    // The marketplace around them: sixty freelancers with one ordinary contract each in the window.
    f.account("old", "CLIENT", "2024-01-01", "US");
    for (int i = 0; i < 60; i++) {
      f.account("o" + i, "FREELANCER", "2024-01-01", "PK");
      quickJob(f, "ok" + i, "o" + i, "old", "2026-10-20", 30);
    }
    Map<String, Row> flags = run(Detectors.jssFarming(C), f);
    assertEquals(List.of("running"), List.copyOf(flags.keySet()));
    assertEquals(7, list(flags.get("running"), "contracts").size());
    assertTrue(((String) flags.get("running").getAs("sentence")).contains("3 more"),
        (String) flags.get("running").getAs("sentence"));
  }

  @Test
  void disputeRateFlagsLostDisputesFarAboveTheCategoryRate() {
    Fixtures f = new Fixtures();
    f.account("c1", "CLIENT", "2023-01-01", "US");
    for (int p = 0; p < 10; p++) {
      f.account("peer" + p, "FREELANCER", "2023-01-01", "US");
      for (int i = 0; i < 20; i++) {
        f.contract("pk" + p + "_" + i, "peer" + p, "c1", "2025-01-01", "2025-02-01", "COMPLETED");
      }
    }
    f.account("bad", "FREELANCER", "2023-01-01", "US").account("unlucky", "FREELANCER", "2023-01-01", "US");
    // Also dispute-prone: the same lost disputes, decided while the contracts still run.
    f.account("badopen", "FREELANCER", "2023-01-01", "US");
    for (int i = 0; i < 12; i++) {
      f.contract("ok" + i, "badopen", "c1", "2025-01-01", null, null);
      if (i < 8) {
        f.dispute("od" + i, "ok" + i, "2025-01-15", "2025-01-25", "FOR_CLIENT");
      }
    }
    for (int i = 0; i < 12; i++) {
      f.contract("bk" + i, "bad", "c1", "2025-01-01", "2025-02-01", "QUALITY_ISSUES");
      f.contract("uk" + i, "unlucky", "c1", "2025-01-01", "2025-02-01", "COMPLETED");
      if (i < 8) {
        f.dispute("bd" + i, "bk" + i, "2025-01-15", "2025-01-25", "FOR_CLIENT");
      }
      if (i < 2) { // near miss: two lost out of twelve is bad luck, not a pattern
        f.dispute("ud" + i, "uk" + i, "2025-01-15", "2025-01-25", "FOR_CLIENT");
      }
    }
    Map<String, Row> flags = run(Detectors.disputeRate(C), f);
    assertEquals(List.of("bad", "badopen"), flags.keySet().stream().sorted().toList());
    Row r = flags.get("bad");
    assertEquals(8, list(r, "contracts").size(), "the contracts with a lost dispute");
    assertEquals(8.0 / 12, (double) r.getAs("value"), 1e-9);
    assertEquals(
        10.0 / 224, (double) r.getAs("baseline"), 1e-9,
        "the other freelancers' rate in the category, open contracts too");
    assertTrue((double) r.getAs("p_value") < 1e-6);
  }

  @Test
  void earningsSpikeFlagsRecentEarningsFarAboveOwnHistoryAndPeers() {
    Fixtures f = new Fixtures();
    f.account("c1", "CLIENT", "2023-01-01", "US");
    // Peers: steady $300 a month for a year, in the same category and tenure.
    for (int p = 0; p < 6; p++) {
      String a = "peer" + p;
      f.account(a, "FREELANCER", "2025-10-01", "US");
      f.contract("pk" + p, a, "c1", "2025-06-01", null, null);
      for (int m = 0; m < 13; m++) {
        f.payment("pp" + p + "_" + m, "pk" + p, AS_OF.minusDays(5 + 30L * m).toString(), 300);
      }
    }
    // The spike: $100 every month for a year, then $8,000 in the last 30 days.
    f.account("spike", "FREELANCER", "2025-10-01", "US");
    f.contract("sk0", "spike", "c1", "2025-06-01", "2025-11-01", "COMPLETED");
    for (int m = 1; m < 13; m++) {
      f.payment("sp" + m, "sk0", AS_OF.minusDays(5 + 30L * m).toString(), 100);
    }
    f.contract("sk1", "spike", "c1", "2026-11-01", null, null);
    f.payment("sp-big1", "sk1", "2026-11-10", 4000).payment("sp-big2", "sk1", "2026-11-20", 4000);
    // The same spike paid out on a contract that has already ended: as much a spike.
    f.account("spikedone", "FREELANCER", "2025-10-01", "US");
    f.contract("dk0", "spikedone", "c1", "2025-06-01", "2025-11-01", "COMPLETED");
    for (int m = 1; m < 13; m++) {
      f.payment("dp" + m, "dk0", AS_OF.minusDays(5 + 30L * m).toString(), 100);
    }
    f.contract("dk1", "spikedone", "c1", "2026-11-01", "2026-11-20", "COMPLETED");
    f.payment("dp-big1", "dk1", "2026-11-10", 4000).payment("dp-big2", "dk1", "2026-11-20", 4000);
    // Near miss: the same $8,000 month, but for an account that earns $3,000 every month.
    f.account("steady", "FREELANCER", "2025-10-01", "US");
    f.contract("tk", "steady", "c1", "2025-06-01", null, null);
    for (int m = 1; m < 13; m++) {
      f.payment("tp" + m, "tk", AS_OF.minusDays(5 + 30L * m).toString(), 3000);
    }
    f.payment("tp-big", "tk", "2026-11-20", 8000);
    // Near miss: an account that earns in a few months only has no usual month to be far above, and
    // $3,000 is not a window worth a review on its own.
    f.account("sporadic", "FREELANCER", "2025-10-01", "US");
    f.contract("ok", "sporadic", "c1", "2025-06-01", null, null);
    for (int m = 3; m < 13; m += 3) {
      f.payment("op" + m, "ok", AS_OF.minusDays(5 + 30L * m).toString(), 300);
    }
    f.payment("op-big", "ok", "2026-11-20", 3000);
    // A lumpy earner (months of $20 to $1,500) paid $8,000: only about 1.4 robust z above its usual month
    // on the log scale, but over five times its best month before and 13 times its average.
    long[] lumpy = {20, 1500, 60, 900, 20, 1200, 40, 1500, 100, 700, 30, 1300};
    monthsThenWindow(f, "lumpy", lumpy, 8000);
    // Near miss: the same history, and a record month of $6,000: ten times its average, but four times
    // its best month, a record rather than a leap.
    monthsThenWindow(f, "record", lumpy, 6000);
    Map<String, Row> flags = run(Detectors.earningsSpike(C), f);
    assertEquals(List.of("lumpy", "spike", "spikedone"), flags.keySet().stream().sorted().toList());
    assertTrue(
        ((String) flags.get("lumpy").getAs("sentence")).contains("5.3 times its best month before ($1,500.00)"),
        (String) flags.get("lumpy").getAs("sentence"));
    Row r = flags.get("spike");
    assertEquals(8000.0, (double) r.getAs("value"), 1e-9);
    assertEquals(List.of("sk1"), list(r, "contracts"));
    assertTrue((double) r.getAs("z") >= 6, "robust z");
  }

  /**
   * A freelancer of client c1 paid {@code months[m - 1]} m 30-day windows ago on a contract that ended a
   * year ago, then {@code window} in the last 30 days on a contract opened this month.
   */
  private static void monthsThenWindow(Fixtures f, String account, long[] months, double window) {
    f.account(account, "FREELANCER", "2025-10-01", "US");
    f.contract(account + "-old", account, "c1", "2025-06-01", "2025-11-01", "COMPLETED");
    for (int m = 1; m <= months.length; m++) {
      f.payment(account + "-p" + m, account + "-old", AS_OF.minusDays(5 + 30L * m).toString(), months[m - 1]);
    }
    f.contract(account + "-new", account, "c1", "2026-11-01", null, null);
    f.payment(account + "-big", account + "-new", "2026-11-15", window);
  }

  @Test
  void locationMismatchFlagsAProfileCountryThatMostSignInsContradict() {
    Fixtures f = new Fixtures();
    f.account("far", "FREELANCER", "2024-01-01", "US").account("traveller", "FREELANCER", "2024-01-01", "US");
    for (int i = 0; i < 6; i++) {
      signal(f, "far", "2025-0" + (i + 1) + "-01", i == 0 ? "US" : "NG", "d1", "p1");
      // Near miss: two trips abroad out of six sign-ins.
      signal(f, "traveller", "2025-0" + (i + 1) + "-01", i < 2 ? "DE" : "US", "d2", "p2");
    }
    Map<String, Row> flags = run(Detectors.locationMismatch(C), f);
    assertEquals(List.of("far"), List.copyOf(flags.keySet()));
    assertEquals(5.0 / 6, (double) flags.get("far").getAs("value"), 1e-9);
    assertTrue(((String) flags.get("far").getAs("sentence")).contains("NG"));
  }

  @Test
  void unusualProfileFlagsAnAccountRareOnSeveralCountsAndSaysWhichAndHowMuch() {
    Fixtures f = new Fixtures();
    f.account("c0", "CLIENT", "2023-01-01", "US");
    // 40 ordinary freelancers: five contracts for an old client, one device, card and country each.
    for (int i = 0; i < 40; i++) {
      String fl = "o" + i;
      f.account(fl, "FREELANCER", "2024-01-01", "IN");
      signal(f, fl, "2025-01-01", "IN", "dev-" + fl, "fp-" + fl);
      for (int j = 0; j < 5; j++) {
        quickJob(f, "k" + fl + j, fl, "c0", "2025-0" + (j + 1) + "-10", 300);
      }
    }
    // The unusual account: four devices, three cards, three countries (home still most of them) and
    // three of its five contracts from client accounts created the day before, paid ten times as much.
    f.account("odd", "FREELANCER", "2024-01-01", "IN");
    String[][] sig = {
      {"IN", "d1", "p1"}, {"IN", "d2", "p2"}, {"IN", "d3", "p3"}, {"DE", "d4", "p1"}, {"AE", "d1", "p2"},
      {"IN", "d2", "p3"}
    };
    for (int i = 0; i < sig.length; i++) {
      signal(f, "odd", "2025-02-0" + (i + 1), sig[i][0], sig[i][1], sig[i][2]);
    }
    for (int j = 0; j < 5; j++) {
      String start = "2025-0" + (j + 1) + "-10";
      String client = j < 3 ? "new" + j : "c0";
      if (j < 3) {
        f.account(client, "CLIENT", "2025-0" + (j + 1) + "-09", "US");
      }
      quickJob(f, "kodd" + j, "odd", client, start, j < 3 ? 3000 : 300);
    }
    // Near miss: a traveller, rare on one count only (three countries), however rare that is.
    f.account("trav", "FREELANCER", "2024-01-01", "IN");
    for (String[] s : new String[][] {{"IN", "2025-01-01"}, {"FR", "2025-02-01"}, {"JP", "2025-03-01"}}) {
      signal(f, "trav", s[1], s[0], "dev-trav", "fp-trav");
    }
    for (int j = 0; j < 5; j++) {
      quickJob(f, "ktrav" + j, "trav", "c0", "2025-0" + (j + 1) + "-10", 300);
    }
    Map<String, Row> flags = run(UnusualProfile.detector(C), f);
    assertEquals(List.of("odd"), List.copyOf(flags.keySet()));
    Row r = flags.get("odd");
    // 42 accounts tested. Rarity points: devices, cards, new-client share and pay per contract-day are
    // the highest of all (1 of 42 each); two accounts have three or more countries (2 of 42).
    double expected = 4 * Math.log(42) + Math.log(21);
    assertEquals(expected, (double) r.getAs("value"), 1e-9, "the parts add up to the score");
    // The step-up's threshold: the lower edge of the one account's score bucket (the only score past
    // the step-up's start), where its chance is below 0.05 * 1 / 42.
    assertEquals(Math.floor(expected * 100) / 100, (double) r.getAs("baseline"), 1e-12);
    assertEquals(UnusualProfile.chanceOfScore(5, 0.05, expected), (double) r.getAs("p_value"), 1e-15);
    assertEquals(List.of("kodd0", "kodd1", "kodd2"), list(r, "contracts"), "the new clients' contracts");
    String sentence = r.getAs("sentence");
    for (String part : List.of("4 devices", "3 payout fingerprints", "3 sign-in countries", "60%",
        "devices 3.7", "ip_countries 3.0")) {
      assertTrue(sentence.contains(part), part + " in: " + sentence);
    }
  }

  @Test
  void unusualProfileChanceIsTheTruncatedProductsTailForIndependentFeatures() {
    // Monte Carlo with uniform p-values: the closed form must match the simulated tail.
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(20021);
    int draws = 400_000;
    for (int k : new int[] {1, 3, 5}) {
      double[] scores = new double[draws];
      for (int d = 0; d < draws; d++) {
        double sc = 0;
        for (int j = 0; j < k; j++) {
          double u = rnd.nextDouble();
          sc += u <= 0.05 ? -Math.log(u) : 0;
        }
        scores[d] = sc;
      }
      for (double s : new double[] {3.5, 6, 9}) {
        long hits = java.util.Arrays.stream(scores).filter(x -> x >= s).count();
        double sim = (double) hits / draws;
        double want = UnusualProfile.chanceOfScore(k, 0.05, s);
        double sd = Math.sqrt(want * (1 - want) / draws);
        assertEquals(want, sim, 4 * sd + 1e-6, "k=" + k + " s=" + s);
      }
      double t = UnusualProfile.threshold(k, 0.05, 1e-6);
      assertEquals(1e-6, UnusualProfile.chanceOfScore(k, 0.05, t), 1e-12);
    }
    // One feature: exactly its own rarity.
    assertEquals(0.01, UnusualProfile.chanceOfScore(1, 0.05, -Math.log(0.01)), 1e-15);
  }

}
