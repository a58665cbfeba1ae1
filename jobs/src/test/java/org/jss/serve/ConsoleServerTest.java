package org.jss.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.io.Catalog;
import org.jss.io.Lake;
import org.jss.io.Schemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP, as a browser or a support tool calls it: the explanation service's content and
 * privacy, sign-in, access to every internal page, CSRF, input checks, and a decision recorded once that
 * the next nightly applies.
 */
class ConsoleServerTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  static Path lake;
  static ConsoleServer server;
  static String base;

  @BeforeAll
  static void start() throws IOException {
    lake = ConsoleLake.copy();
    server = ConsoleLake.start(lake, lake.getParent().resolve("reviewers.yaml"));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A client with its own cookies that does not follow redirects. */
  static final class Client {
    final String base;

    Client() {
      this(ConsoleServerTest.base);
    }

    Client(String base) {
      this.base = base;
    }

    final HttpClient http =
        HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
      String body =
          form.entrySet().stream()
              .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
              .collect(Collectors.joining("&"));
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the form; returns the response to the POST. */
    HttpResponse<String> signIn(String name, String password) throws Exception {
      String token = field(get("/login").body(), "csrf");
      return post("/login", form("csrf", token, "name", name, "password", password, "next", "/queue"));
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Map<String, String> form(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertTrue(m.find(), "no field " + name + " in the page");
    return m.group(1);
  }

  private static List<Row> scored(String table) {
    return new Lake(spark(), ConsoleServerTest.lake.toString())
        .scoredDate(table, LocalDate.parse(ConsoleLake.NIGHT))
        .collectAsList();
  }

  @Test
  void theExplanationApiGivesExactlyTheStoredFreelancerExplanationAndNothingPrivate() throws Exception {
    Client c = new Client();
    List<Row> explanations = scored(Catalog.JSS_EXPLANATIONS.name());
    assertTrue(explanations.size() >= 2, "both freelancers have an explanation");
    List<Row> dependent =
        scored(Catalog.JSS_CONTRACT_OUTCOMES.name()).stream()
            .filter(r -> Boolean.TRUE.equals(r.getAs("private_dependent")))
            .toList();
    assertFalse(dependent.isEmpty(), "the samples have private-dependent contracts");
    for (Row e : explanations) {
      String id = e.getAs("freelancer_id");
      HttpResponse<String> r = c.get("/api/freelancers/" + id + "/jss");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertEquals(e.<String>getAs("json"), r.body(), "the jss_explanations content, unchanged");
      // Ids as JSON strings: the worked example's ids are single letters.
      for (Row d : dependent) {
        assertFalse(r.body().contains("\"" + d.getAs("contract_id") + "\""), "private-dependent contract named");
        assertFalse(r.body().contains("\"" + d.getAs("client_id") + "\""), "its client named");
      }
      for (Row other : explanations) {
        if (!other.getAs("freelancer_id").equals(id)) {
          assertFalse(r.body().contains("\"" + other.getAs("freelancer_id") + "\""), "another freelancer's id");
        }
      }
      HttpResponse<String> page = c.get("/freelancers/" + id + "/jss");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains(Html.esc(e.<String>getAs("text")).lines().findFirst().orElseThrow()));
      for (Row d : dependent) {
        if (d.getAs("freelancer_id").equals(id)) {
          assertFalse(page.body().contains(d.<String>getAs("contract_id")), "printable page names one");
        }
      }
    }
  }

  @Test
  void unknownIdsAre404AndMalformedOnes400WithAJsonError() throws Exception {
    Client c = new Client();
    HttpResponse<String> unknown = c.get("/api/freelancers/nobody-here/jss");
    assertEquals(404, unknown.statusCode());
    assertTrue(JSON.readTree(unknown.body()).get("error").asText().contains("nobody-here"));
    // An account with no score (a client) is unknown to the explanation service too.
    assertEquals(404, c.get("/api/freelancers/" + privateDependent().get(0).getAs("client_id") + "/jss").statusCode());
    for (String bad : List.of("..%2F..%2Fraw", "a%20b", "%3Cscript%3E", "x".repeat(65), "%2E%2E")) {
      HttpResponse<String> r = c.get("/api/freelancers/" + bad + "/jss");
      assertEquals(400, r.statusCode(), bad);
      assertNotNull(JSON.readTree(r.body()).get("error"), bad);
    }
    assertEquals(400, c.get("/api/freelancers/" + withPrivate() + "/jss?audience=everyone").statusCode());
  }

  @Test
  void internalPagesAndTheInternalAudienceNeedASignedInReviewer() throws Exception {
    Client anonymous = new Client();
    for (String page : List.of("/queue", "/cases/0123456789abcdef", "/accounts/" + withPrivate(), "/queue?detector=X")) {
      HttpResponse<String> r = anonymous.get(page);
      assertEquals(303, r.statusCode(), page);
      assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/login?next="), page);
    }
    assertEquals(401, anonymous.get("/api/freelancers/" + withPrivate() + "/jss?audience=internal").statusCode());
    String caseId = topCase().getAs("case_id");
    HttpResponse<String> decide =
        anonymous.post("/cases/" + caseId + "/decisions", form("decision", "CLEARED", "decision_id", "a".repeat(30)));
    assertEquals(303, decide.statusCode());
    assertFalse(decisionRows(lake).stream().anyMatch(r -> "a".repeat(30).equals(r.getAs("decision_id"))));

    Client alice = new Client();
    assertEquals(303, alice.signIn("alice", "correct horse battery").statusCode());
    HttpResponse<String> internal = alice.get("/api/freelancers/" + withPrivate() + "/jss?audience=internal");
    assertEquals(200, internal.statusCode());
    JsonNode n = JSON.readTree(internal.body());
    assertEquals("internal", n.get("audience").asText());
    String hidden = privateDependent().get(0).getAs("contract_id");
    assertTrue(internal.body().contains(hidden), "reviewers see every contract");
    assertFalse(new Client().get("/api/freelancers/" + withPrivate() + "/jss").body().contains(hidden));
  }

  @Test
  void signInRefusesWrongPasswordsForgedFormsAndLocksOutAfterFiveFailures() throws Exception {
    Client c = new Client();
    HttpResponse<String> wrong = c.signIn("bob", "not bob's password");
    assertEquals(401, wrong.statusCode());
    assertEquals(303, c.get("/queue").statusCode(), "still signed out");
    assertEquals(401, c.signIn("nobody", "whatever password").statusCode());
    // A sign-in form posted without the token its page set (from another site).
    assertEquals(403, new Client().post("/login", form("name", "bob", "password", "another long password")).statusCode());
    // After signing in, only a path of this site: not another host, not a header of the attacker's.
    for (String next : List.of("//evil.example/x", "https://evil.example/", "/queue\r\n Set-Cookie: a=b")) {
      Client n = new Client();
      String token = field(n.get("/login").body(), "csrf");
      HttpResponse<String> r =
          n.post("/login", form("csrf", token, "name", "bob", "password", "another long password", "next", next));
      assertEquals(303, r.statusCode(), next);
      assertEquals("/queue", r.headers().firstValue("Location").orElse(""), next);
    }
    Client m = new Client();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, m.signIn("dora", "wrong " + i).statusCode());
    }
    assertEquals(429, m.signIn("dora", "dora's long password").statusCode(), "locked out, even the right one");
  }

  @Test
  void theQueueListsOpenCasesAndValidatesItsFilters() throws Exception {
    Client alice = new Client();
    alice.signIn("alice", "correct horse battery");
    HttpResponse<String> q = alice.get("/queue");
    assertEquals(200, q.statusCode());
    Row top = topCase();
    assertTrue(q.body().contains("/cases/" + top.getAs("case_id")));
    assertTrue(q.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    String filtered = "/queue?detector=" + top.getAs("detector") + "&severity=" + top.getAs("severity");
    assertTrue(alice.get(filtered).body().contains("/cases/" + top.getAs("case_id")));
    assertFalse(alice.get(filtered + "&country=ZZ").body().contains("case-link"), "no account in ZZ");
    assertEquals(400, alice.get("/queue?detector=NOT_A_DETECTOR").statusCode());
    assertEquals(400, alice.get("/queue?severity=%3Cb%3E").statusCode());
    assertEquals(400, alice.get("/queue?country=germany").statusCode());
    assertEquals(400, alice.get("/queue?page=0").statusCode());
    assertEquals(404, alice.get("/cases/0123456789abcdef").statusCode());
  }

  @Test
  void aDecisionIsRecordedOnceWithItsReviewerAndTheTimeForTheNextNightly() throws Exception {
    // Its own lake and console: this test changes both.
    Path lake = ConsoleLake.copy();
    try (ConsoleServer server = ConsoleLake.start(lake, lake.getParent().resolve("reviewers.yaml"))) {
      decide(lake, "http://127.0.0.1:" + server.port());
    }
  }

  private static void decide(Path lake, String base) throws Exception {
    Client alice = new Client(base);
    alice.signIn("alice", "correct horse battery");
    Row top = topCase();
    String caseId = top.getAs("case_id");
    HttpResponse<String> page = alice.get("/cases/" + caseId);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<svg"), "the evidence chart");
    assertTrue(page.body().contains(Html.esc(top.<String>getAs("sentence"))));
    String csrf = field(page.body(), "csrf");
    String id = field(page.body(), "decision_id");
    String note = "<script>alert(1)</script> checked the device";
    Map<String, String> decision = form("csrf", csrf, "decision_id", id, "decision", "CLEARED", "note", note);
    // Forged: no token, another session's token, another origin.
    assertEquals(403, alice.post("/cases/" + caseId + "/decisions", form("decision_id", id, "decision", "CLEARED")).statusCode());
    Client bob = new Client(base);
    bob.signIn("bob", "another long password");
    Map<String, String> withAlicesToken = new LinkedHashMap<>(decision);
    assertEquals(403, bob.post("/cases/" + caseId + "/decisions", withAlicesToken).statusCode());
    assertEquals(403, alice.post("/cases/" + caseId + "/decisions", decision, "Origin", "http://evil.example").statusCode());
    assertEquals(400, alice.post("/cases/" + caseId + "/decisions", form("csrf", csrf, "decision_id", id, "decision", "BANNED")).statusCode());
    assertTrue(decisionRows(lake).stream().noneMatch(r -> id.equals(r.getAs("decision_id"))));

    // Submitted twice (a double click, a reload): one decision.
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = alice.post("/cases/" + caseId + "/decisions", decision);
      assertEquals(303, r.statusCode());
      assertEquals("/cases/" + caseId + "?recorded=" + id, r.headers().firstValue("Location").orElseThrow());
    }
    List<Row> mine = decisionRows(lake).stream().filter(r -> id.equals(r.getAs("decision_id"))).toList();
    assertEquals(1, mine.size());
    Row d = mine.get(0);
    assertEquals(top.<String>getAs("account_id"), d.getAs("account_id"));
    assertEquals(top.<String>getAs("detector"), d.getAs("detector"));
    assertEquals("CLEARED", d.getAs("decision"));
    assertEquals("alice", d.getAs("reviewer"));
    assertEquals(note, d.getAs("note"));
    assertEquals(ConsoleLake.MORNING_AFTER.instant(), d.<java.sql.Timestamp>getAs("decided_at").toInstant());
    HttpResponse<String> after = alice.get("/cases/" + caseId + "?recorded=" + id);
    assertTrue(after.body().contains("Recorded: CLEARED by alice"));
    assertTrue(after.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the note is shown escaped");
    assertFalse(after.body().contains(note));

    // What the next nightly reads (SPEC's columns of review_decisions) holds it; the browser test runs it.
    assertTrue(
        new Lake(spark(), lake.toString())
            .raw(Schemas.REVIEW_DECISIONS)
            .where("decision = 'CLEARED' and account_id = '" + top.getAs("account_id") + "'")
            .count() > 0);
  }

  @Test
  void reviewerFilesHoldHashesOnlyAndHaveNoDefaultPassword() throws Exception {
    Path f = tempDir("reviewers").resolve("r.yaml");
    String password = Reviewers.createWith(f, "carol");
    String text = java.nio.file.Files.readString(f);
    assertFalse(text.contains(password));
    assertTrue(text.contains("pbkdf2-sha256:" + Reviewers.ITERATIONS + ":"));
    Reviewers r = Reviewers.load(f);
    assertEquals("carol", r.check("carol", password).orElseThrow());
    assertTrue(r.check("carol", password + "x").isEmpty());
    assertTrue(r.check("dave", password).isEmpty());
    assertThrowsUserError(() -> Reviewers.createWith(f, "eve"));
    assertThrowsUserError(() -> Reviewers.add(f, "eve", "short"));
    assertThrowsUserError(() -> Reviewers.add(f, "../eve", "long enough password"));
  }

  private static void assertThrowsUserError(Runnable r) {
    org.junit.jupiter.api.Assertions.assertThrows(org.jss.base.UserError.class, r::run);
  }

  /** The first case of the night's queue. */
  static Row topCase() {
    return scored(Catalog.REVIEW_CASES.name()).stream()
        .filter(r -> r.getAs("queue_rank") != null && ((Number) r.getAs("queue_rank")).intValue() == 1)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the samples' night has an open case"));
  }

  private static List<Row> privateDependent() {
    return scored(Catalog.JSS_CONTRACT_OUTCOMES.name()).stream()
        .filter(r -> Boolean.TRUE.equals(r.getAs("private_dependent")))
        .toList();
  }

  /** A freelancer with a private-dependent contract. */
  private static String withPrivate() {
    return privateDependent().get(0).getAs("freelancer_id");
  }

  private static List<Row> decisionRows(Path lake) {
    Lake l = new Lake(spark(), lake.toString());
    return l.read(l.rawPath(Schemas.REVIEW_DECISIONS.name())).collectAsList();
  }
}
