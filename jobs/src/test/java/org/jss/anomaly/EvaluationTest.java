package org.jss.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.jss.base.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring flags against labels with variant families and near-miss traps (no Spark needed). */
class EvaluationTest {
  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void recallPerFamilyAndTrapsFlaggedByAnyDetector() throws IOException {
    Path labels =
        file(
            "labels.csv",
            "account_id,detector,family\n"
                + "f1,FEEDBACK_RING,FEEDBACK_RING/dense\n"
                + "f2,FEEDBACK_RING,FEEDBACK_RING/sparse\n"
                + "f3,FEEDBACK_RING,FEEDBACK_RING/sparse\n"
                + "f4,DISPUTE_RATE,DISPUTE_RATE/open\n");
    Path traps = file("traps.csv", "account_id,trap\nt1,travel\nt2,travel\nt3,repeat_client\n");
    Evaluation.Truth truth = Evaluation.readTruth(labels, traps);
    Set<List<String>> flags =
        Set.of(
            List.of("f1", "FEEDBACK_RING"),
            List.of("f2", "FEEDBACK_RING"),
            List.of("f4", "EARNINGS_SPIKE"), // the wrong detector finds no DISPUTE_RATE family member
            List.of("t1", "LOCATION_MISMATCH"));
    Evaluation.Result r = Evaluation.score(LocalDate.of(2026, 11, 22), truth, flags, 100);
    assertEquals(new Evaluation.Found(1, 1), r.families().get("FEEDBACK_RING/dense"));
    assertEquals(new Evaluation.Found(2, 1), r.families().get("FEEDBACK_RING/sparse"));
    assertEquals(new Evaluation.Found(1, 0), r.families().get("DISPUTE_RATE/open"));
    assertEquals(new Evaluation.Found(2, 1), r.traps().get("travel"));
    assertEquals(new Evaluation.Found(1, 0), r.traps().get("repeat_client"));
    assertEquals(new Evaluation.Counts(2, 0, 1), r.detectors().get("FEEDBACK_RING"));
    assertEquals(new Evaluation.Counts(0, 1, 0), r.detectors().get("EARNINGS_SPIKE"));
    assertEquals(1, r.cleanFlagged(), "t1 carries no label");
    String text = r.text();
    assertTrue(text.contains("FEEDBACK_RING/sparse"), text);
    assertTrue(text.contains("all traps"), text);
    assertTrue(r.json().contains("\"families\""), r.json());
  }

  @Test
  void unusualProfileOnAnAccountPlantedWithANamedKindIsNeitherHitNorFalseAlarm() throws IOException {
    Path labels =
        file(
            "labels.csv",
            "account_id,detector\nu1,UNUSUAL_PROFILE\nu2,UNUSUAL_PROFILE\ns1,SELF_DEALING\n");
    Set<List<String>> flags =
        Set.of(
            List.of("u1", "UNUSUAL_PROFILE"),
            List.of("s1", "UNUSUAL_PROFILE"), // abusive, caught by the catch-all too: not a false alarm
            List.of("c1", "UNUSUAL_PROFILE"), // a clean account: a false alarm
            List.of("s1", "MULTI_ACCOUNT")); // a named detector on another kind stays a false alarm
    Evaluation.Result r =
        Evaluation.score(LocalDate.of(2026, 11, 22), Evaluation.readTruth(labels, null), flags, 100);
    assertEquals(new Evaluation.Counts(1, 1, 1), r.detectors().get("UNUSUAL_PROFILE"));
    assertEquals(new Evaluation.Counts(0, 1, 0), r.detectors().get("MULTI_ACCOUNT"));
    assertEquals(1, r.cleanFlagged());
  }

  @Test
  void labelsWithoutFamiliesStillLoad() throws IOException {
    Path labels = file("labels.csv", "account_id,detector\nf1,SELF_DEALING\n");
    Evaluation.Truth truth = Evaluation.readTruth(labels, null);
    assertEquals(Set.of(List.of("f1", "SELF_DEALING")), truth.labels());
    assertTrue(truth.families().isEmpty());
  }

  @Test
  void aBadLineNamesTheFileAndLine() throws IOException {
    Path labels = file("labels.csv", "account_id,detector,family\nf1,SELF_DEALING\n");
    UserError e = assertThrows(UserError.class, () -> Evaluation.readTruth(labels, null));
    assertTrue(e.getMessage().contains("labels.csv: line 2"), e.getMessage());
    Path good = file("good.csv", "account_id,detector\nf1,SELF_DEALING\n");
    Path traps = file("traps.csv", "account,trap\n");
    UserError t = assertThrows(UserError.class, () -> Evaluation.readTruth(good, traps));
    assertTrue(t.getMessage().contains("traps.csv: expected a header 'account_id,trap'"), t.getMessage());
    UserError m = assertThrows(UserError.class, () -> Evaluation.readTruth(dir.resolve("none.csv"), null));
    assertTrue(m.getMessage().contains("none.csv"), m.getMessage());
  }
}
