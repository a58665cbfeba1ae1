package org.jss.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jss.config.JssPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explanation's words follow the policy in force, and the freelancer's view cannot hold internals. */
class ExplanationTest {
  @TempDir Path dir;

  private static final LocalDate D = LocalDate.parse("2026-11-22");

  private static Explanation.Contract contract(String id, String reason, double loss, boolean priv) {
    return new Explanation.Contract(
        id, "c-" + id, "NEGATIVE", reason, 1.0, loss, true, priv, D.minusDays(10), 3.0, priv ? 2.0 : null,
        500);
  }

  private static Explanation.Score score(Double jss, String ineligible) {
    return new Explanation.Score(
        "f1", D, jss, jss == null ? null : (int) Math.round(jss), jss == null ? null : 12, ineligible,
        null, null, null, false, List.of("JSS_BELOW_BAR"));
  }

  @Test
  void thresholdsInTheTextAreThoseOfThePolicyInForce() throws Exception {
    Path variant = dir.resolve("strict.yaml");
    Files.writeString(
        variant,
        "feedback:\n  low_public_rating: 3.5\n  good_public_rating: 4.75\n"
            + "qualify:\n  min_contracts: 3\n  min_clients: 4\n");
    JssPolicy p = JssPolicy.load(variant.toString());
    Explanation.Wording w = Explanation.Wording.of(p);
    List<Explanation.Contract> cs =
        List.of(contract("A", "LOW_PUBLIC_RATING", 10, false), contract("B", "MIXED_PUBLIC_RATING", 5, false));
    String text = Explanation.freelancer(w, score(85.0, null), cs, List.of(), List.of()).text();
    assertTrue(text.contains("public rating below 3.5"), text);
    assertTrue(text.contains("public rating between 3.5 and 4.75"), text);
    assertFalse(text.contains("4.0"), text);

    String few = Explanation.freelancer(w, score(null, "NOT_ENOUGH_CONTRACTS"), List.of(), List.of(), List.of()).text();
    assertTrue(few.contains("fewer than 3 contracts count in any window"), few);
    String clients = Explanation.freelancer(w, score(null, "NOT_ENOUGH_CLIENTS"), List.of(), List.of(), List.of()).text();
    assertTrue(clients.contains("fewer than 4 clients"), clients);

    String shipped =
        Explanation.freelancer(Explanation.Wording.of(JssPolicy.defaults()), score(85.0, null), cs, List.of(), List.of())
            .text();
    assertTrue(shipped.contains("public rating below 4.0") && shipped.contains("between 4.0 and 4.5"), shipped);
  }

  @Test
  void theFreelancerViewHasNoFieldForPrivateOrInternalData() throws Exception {
    Set<String> fields =
        Arrays.stream(Explanation.FreelancerView.class.getRecordComponents())
            .map(c -> c.getName())
            .collect(Collectors.toSet());
    for (String internal : List.of("jssExact", "contracts", "reviewCases", "privateScore")) {
      assertFalse(fields.contains(internal), internal);
    }
    Explanation.Wording w = Explanation.Wording.of(JssPolicy.defaults());
    List<Explanation.Contract> cs =
        List.of(contract("PUB", "LOW_PUBLIC_RATING", 6, false), contract("PRIV", "LOW_PRIVATE_SCORE", 4, true));
    Explanation.Rendered r = Explanation.freelancer(w, score(90.0, null), cs, List.of(), List.of());
    JsonNode json = new ObjectMapper().readTree(r.json());
    assertEquals(1, json.get("private_feedback_contracts").asInt());
    assertEquals(4.0, json.get("private_feedback_points").asDouble(), 1e-12);
    assertFalse(r.json().contains("PRIV") || r.text().contains("PRIV"), r.json());
    assertFalse(json.has("jss_exact") || json.has("contracts"), r.json());
    Explanation.Rendered in =
        Explanation.internal(w, score(90.0, null), cs, List.of(), List.of(), List.of());
    JsonNode internal = new ObjectMapper().readTree(in.json());
    assertEquals(2, internal.get("contracts").size());
    assertEquals("NEGATIVE", internal.get("contracts").get(0).get("class").asText());
    assertTrue(internal.has("contracts_to_90") && internal.has("jss_exact"), in.json());
  }
}
