package org.jss.serve;

import static org.jss.serve.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.io.Catalog;
import org.jss.io.LakeReader;
import org.jss.io.ReviewDecisionLog;
import org.jss.reporting.ExplainJob;
import org.jss.reporting.Explanation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review console and the explanation service over one lake (see the README's "Review console").
 *
 * <p>The JDK's own HTTP server ({@code com.sun.net.httpserver}) serves it: the pages are a handful of
 * routes rendered from memory, so a framework would add a dependency tree (and a second Jetty beside
 * Spark's) without removing any code that matters here. Requests are answered from {@link ConsoleIndex}
 * (no Spark, no file read) except the internal explanation and the printable page, which read one
 * freelancer's rows with Delta Kernel; a decision is appended with Delta Kernel.
 *
 * <p>Security: reviewers sign in ({@link Reviewers}); every page but the freelancer explanation needs a
 * session (an HttpOnly, SameSite=Strict cookie of 256 random bits, 8 hours); every POST carries the
 * session's CSRF token; ids and parameters are checked against fixed patterns and known values before
 * use, and no file path comes from a request.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  static {
    // The JDK's server writes a response's headers and body in separate packets; with Nagle's algorithm
    // on, the client's delayed ACK holds the body about 40 ms. Read once, when the first server is made.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Account, freelancer and case ids: what the lake's ids look like, nothing that could be a path. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,64}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> SEVERITIES = Set.of("HIGH", "MEDIUM", "LOW");
  private static final List<String> DECISIONS = List.of("CLEARED", "WARNED", "SUSPENDED");
  private static final int PAGE = 50;
  private static final int MAX_NOTE = 2000;
  private static final Duration SESSION = Duration.ofHours(8);
  private static final int MAX_FAILURES = 5;
  private static final Duration LOCKOUT = Duration.ofMinutes(15);
  static final String SESSION_COOKIE = "jss_session";
  private static final String LOGIN_COOKIE = "jss_login";

  /** What the server needs besides the lake. */
  public record Settings(LocalDate asOf, Duration refresh, boolean secureCookies, Clock clock) {}

  private record Session(String reviewer, String csrf, Instant expires) {}

  private final LakeReader lake;
  private final ReviewDecisionLog log;
  private final Reviewers reviewers;
  private final JssPolicy policy;
  private final Settings settings;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Object decisionLock = new Object();
  private volatile ConsoleIndex.Scored scored;
  private volatile ConsoleIndex.Decisions decisions;
  private HttpServer http;
  private ExecutorService workers;
  private ScheduledExecutorService refresher;

  public ConsoleServer(
      LakeReader lake, ReviewDecisionLog log, Reviewers reviewers, JssPolicy policy, Settings settings) {
    this.lake = lake;
    this.log = log;
    this.reviewers = reviewers;
    this.policy = policy;
    this.settings = settings;
  }

  /** Reads the lake (fails when it holds no scored run) and starts listening; returns the bound port. */
  public int start(String host, int port) throws IOException {
    LocalDate date =
        ConsoleIndex.date(lake, settings.asOf())
            .orElseThrow(
                () ->
                    new UserError(
                        settings.asOf() == null
                            ? "no scored run in lake " + lake.root() + ": run `jss nightly` first"
                            : "no scored run as of " + settings.asOf() + " in lake " + lake.root()));
    scored = ConsoleIndex.load(lake, date);
    decisions = ConsoleIndex.Decisions.load(lake);
    http = HttpServer.create(new InetSocketAddress(host, port), 256);
    workers = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    http.setExecutor(workers);
    http.createContext("/", this::handle);
    http.start();
    refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jss-serve-refresh");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, settings.refresh().toSeconds());
    refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.SECONDS);
    return http.getAddress().getPort();
  }

  /** The port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** What is being served: the date and how many cases, flags and explanations. */
  public String summary() {
    ConsoleIndex.Scored s = scored;
    return String.format(
        "as of %s: %,d open cases in the queue, %,d cases, %,d flagged accounts, %,d explanations (%,d MB"
            + " compressed)",
        s.asOf(), s.queue().size(), s.casesById().size(), s.flagsByAccount().size(), s.explanations().size(),
        s.explanations().compressedBytes() >> 20);
  }

  /**
   * Reads again what changed: the scored tables when one of their versions moved (a nightly ran, or a
   * newer date appeared when no date is pinned), the decisions when theirs did.
   */
  public synchronized void refresh() {
    // A new date or a re-run both move a table's version; the dates are only listed when one did.
    if (!ConsoleIndex.Versions.of(lake).equals(scored.versions())) {
      Optional<LocalDate> date = ConsoleIndex.date(lake, settings.asOf());
      if (date.isPresent()) {
        scored = ConsoleIndex.load(lake, date.get());
        LOG.info("console: read the lake again, {}", summary());
      }
    }
    if (lake.rawVersion(ReviewDecisionLog.TABLE) != decisions.version()) {
      decisions = ConsoleIndex.Decisions.load(lake);
    }
  }

  private void refreshQuietly() {
    try {
      Instant now = settings.clock().instant();
      sessions.values().removeIf(s -> s.expires().isBefore(now));
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("console: could not read the lake again, still serving {}: {}", scored.asOf(), e.toString());
    }
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
    if (http != null) {
      http.stop(0);
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  // ---- Routing ----

  /** A request the client got wrong: answered with {@code status} and the message. */
  private static class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      boolean api = path.startsWith("/api/");
      try {
        route(ex, ex.getRequestMethod(), path);
      } catch (Redirect r) {
        redirect(ex, r.to);
      } catch (Refused r) {
        if (api) {
          json(ex, r.status, error(r.getMessage()));
        } else {
          html(ex, r.status, Html.page("Error", null, null, "<h1>" + r.status + "</h1><p class=\"error\">"
              + esc(r.getMessage()) + "</p><p><a href=\"/queue\">Back to the queue</a></p>"));
        }
      } catch (RuntimeException e) {
        LOG.error("console: {} {} failed", ex.getRequestMethod(), path, e);
        if (api) {
          json(ex, 500, error("internal error"));
        } else {
          html(ex, 500, Html.page("Error", null, null, "<h1>500</h1><p class=\"error\">Internal error.</p>"));
        }
      }
    } catch (IOException e) {
      LOG.debug("console: response not sent: {}", e.toString());
    }
  }

  private void route(HttpExchange ex, String method, String path) throws IOException {
    String[] p = path.split("/", -1);
    boolean get = method.equals("GET") || method.equals("HEAD");
    boolean post = method.equals("POST");
    if (path.equals("/") && get) {
      redirect(ex, "/queue");
    } else if (path.equals("/static/console.css") && get) {
      send(ex, 200, "text/css; charset=utf-8", Html.CSS.getBytes(StandardCharsets.UTF_8), true);
    } else if (path.equals("/static/console.js") && get) {
      send(ex, 200, "text/javascript; charset=utf-8", Html.JS.getBytes(StandardCharsets.UTF_8), true);
    } else if (path.equals("/healthz") && get) {
      healthz(ex);
    } else if (path.equals("/login") && get) {
      loginPage(ex, null, 200);
    } else if (path.equals("/login") && post) {
      login(ex);
    } else if (path.equals("/logout") && post) {
      logout(ex);
    } else if (path.equals("/queue") && get) {
      queue(ex, signedIn(ex));
    } else if (p.length == 3 && p[1].equals("cases") && get) {
      casePage(ex, signedIn(ex), id(p[2]), query(ex).get("recorded"));
    } else if (p.length == 4 && p[1].equals("cases") && p[3].equals("decisions") && post) {
      decide(ex, signedIn(ex), id(p[2]));
    } else if (p.length == 3 && p[1].equals("accounts") && get) {
      accountPage(ex, signedIn(ex), id(p[2]));
    } else if (p.length == 5 && p[1].equals("api") && p[2].equals("freelancers") && p[4].equals("jss") && get) {
      explanationApi(ex, id(p[3]));
    } else if (p.length == 4 && p[1].equals("freelancers") && p[3].equals("jss") && get) {
      printable(ex, id(p[2]));
    } else if (get || post) {
      throw new Refused(404, "no page at " + path);
    } else {
      throw new Refused(405, "method " + method + " not allowed");
    }
  }

  private static String id(String raw) {
    String s = URLDecoder.decode(raw, StandardCharsets.UTF_8);
    if (!ID.matcher(s).matches()) {
      throw new Refused(400, "malformed id: use letters, digits and _ . : - (at most 64)");
    }
    return s;
  }

  // ---- Sessions ----

  /** The session of a signed-in reviewer; a page request without one is sent to sign in. */
  private Session signedIn(HttpExchange ex) {
    Session s = session(ex);
    if (s == null) {
      String next = ex.getRequestURI().getRawPath();
      String q = ex.getRequestURI().getRawQuery();
      throw new Redirect("/login?next=" + URLEncoder.encode(q == null ? next : next + "?" + q, StandardCharsets.UTF_8));
    }
    return s;
  }

  private Session session(HttpExchange ex) {
    String token = cookies(ex).get(SESSION_COOKIE);
    if (token == null) {
      return null;
    }
    Session s = sessions.get(token);
    if (s == null || s.expires().isBefore(settings.clock().instant())) {
      sessions.remove(token);
      return null;
    }
    return s;
  }

  /** Thrown to answer with a redirect (a page that needs a session, when there is none). */
  private static final class Redirect extends Refused {
    final String to;

    Redirect(String to) {
      super(303, "sign in first");
      this.to = to;
    }
  }

  private void loginPage(HttpExchange ex, String problem, int status) throws IOException {
    String token = Reviewers.token();
    String next = safeNext(query(ex).get("next"));
    ex.getResponseHeaders()
        .add("Set-Cookie", cookie(LOGIN_COOKIE, token, "/login", Duration.ofMinutes(30)));
    String body =
        "<h1>Sign in to the review console</h1>"
            + (problem == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(problem) + "</p>")
            + "<form method=\"post\" action=\"/login\" id=\"login-form\">"
            + "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">"
            + "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">"
            + "<p><label for=\"name\">Reviewer</label><br><input id=\"name\" name=\"name\" autocomplete=\"username\""
            + " required autofocus></p>"
            + "<p><label for=\"password\">Password</label><br><input id=\"password\" name=\"password\""
            + " type=\"password\" autocomplete=\"current-password\" required></p>"
            + "<p><button type=\"submit\">Sign in</button></p></form>";
    html(ex, status, Html.page("Sign in", null, null, body));
  }

  private void login(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex);
    String expected = cookies(ex).get(LOGIN_COOKIE);
    if (expected == null || !expected.equals(form.get("csrf"))) {
      throw new Refused(403, "the sign-in form expired: open the sign-in page again");
    }
    String name = form.getOrDefault("name", "");
    Instant now = settings.clock().instant();
    Deque<Instant> fails = failures.computeIfAbsent(name, k -> new ArrayDeque<>());
    synchronized (fails) {
      while (!fails.isEmpty() && fails.peekFirst().isBefore(now.minus(LOCKOUT))) {
        fails.pollFirst();
      }
      if (fails.size() >= MAX_FAILURES) {
        throw new Refused(429, "too many failed sign-ins for this reviewer: try again in 15 minutes");
      }
    }
    Optional<String> who = reviewers.check(name, form.getOrDefault("password", ""));
    if (who.isEmpty()) {
      // Counted for reviewers' names only: unknown names cannot sign in anyway, and would grow the map.
      if (reviewers.has(name)) {
        synchronized (fails) {
          fails.addLast(now);
        }
      } else {
        failures.remove(name);
      }
      loginPage(ex, "Unknown reviewer or wrong password.", 401);
      return;
    }
    String token = Reviewers.token();
    sessions.put(token, new Session(who.get(), Reviewers.token(), now.plus(SESSION)));
    ex.getResponseHeaders().add("Set-Cookie", cookie(SESSION_COOKIE, token, "/", SESSION));
    redirect(ex, safeNext(form.get("next")));
  }

  private void logout(HttpExchange ex) throws IOException {
    Session s = session(ex);
    if (s != null) {
      checkCsrf(ex, s, form(ex));
      sessions.values().remove(s);
    }
    ex.getResponseHeaders().add("Set-Cookie", cookie(SESSION_COOKIE, "", "/", Duration.ZERO));
    redirect(ex, "/login");
  }

  /** Where to go after signing in: a path of this site only (never another host, no control characters). */
  private static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/queue";
    }
    return next;
  }

  private void checkCsrf(HttpExchange ex, Session s, Map<String, String> form) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("null") && host != null
        && !URI.create(origin).getAuthority().equalsIgnoreCase(host)) {
      throw new Refused(403, "cross-site request refused");
    }
    String token = form.get("csrf");
    if (token == null || !java.security.MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
      throw new Refused(403, "the form's security token does not match this session: reload the page");
    }
  }

  private String cookie(String name, String value, String path, Duration maxAge) {
    return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Strict" + (settings.secureCookies() ? "; Secure" : "");
  }

  // ---- Pages ----

  private void healthz(HttpExchange ex) throws IOException {
    ConsoleIndex.Scored s = scored;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("as_of_date", s.asOf().toString());
    out.put("open_cases", s.queue().size());
    out.put("explanations", s.explanations().size());
    out.put("loaded_at", s.loadedAt().toString());
    json(ex, 200, JSON.writeValueAsString(out));
  }

  private void queue(HttpExchange ex, Session s) throws IOException {
    ConsoleIndex.Scored sc = scored;
    Map<String, String> q = query(ex);
    String detector = blankToNull(q.get("detector"));
    String severity = blankToNull(q.get("severity"));
    String country = blankToNull(q.get("country"));
    if (detector != null && !sc.detectors().contains(detector)) {
      throw new Refused(400, "unknown detector '" + detector + "'");
    }
    if (severity != null && !SEVERITIES.contains(severity)) {
      throw new Refused(400, "severity must be HIGH, MEDIUM or LOW");
    }
    if (country != null && !COUNTRY.matcher(country).matches()) {
      throw new Refused(400, "country must be two capital letters (ISO 3166)");
    }
    int page = 1;
    if (q.containsKey("page")) {
      try {
        page = Integer.parseInt(q.get("page"));
      } catch (NumberFormatException e) {
        page = -1;
      }
      if (page < 1 || page > 100_000) {
        throw new Refused(400, "page must be a whole number from 1");
      }
    }
    List<ConsoleIndex.Case> shown = new ArrayList<>();
    int matching = 0;
    int from = (page - 1) * PAGE;
    for (ConsoleIndex.Case c : sc.queue()) {
      if ((detector == null || detector.equals(c.detector()))
          && (severity == null || severity.equals(c.severity()))
          && (country == null || country.equals(sc.countryByAccount().get(c.accountId())))) {
        if (matching >= from && shown.size() < PAGE) {
          shown.add(c);
        }
        matching++;
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<h1>Review queue</h1><p>Open cases of the nightly run as of <strong>").append(sc.asOf())
        .append("</strong>, highest severity and score first: ").append(String.format("%,d", matching))
        .append(detector == null && severity == null && country == null ? "" : " matching")
        .append(" of ").append(String.format("%,d", sc.queue().size())).append(".</p>");
    b.append("<form class=\"filters\" method=\"get\" action=\"/queue\" role=\"search\">");
    select(b, "detector", "Detector", sc.detectors(), detector);
    select(b, "severity", "Severity", List.of("HIGH", "MEDIUM", "LOW"), severity);
    select(b, "country", "Country", sc.countries(), country);
    b.append("<button type=\"submit\">Filter</button> <a href=\"/queue\">Clear filters</a></form>");
    if (shown.isEmpty()) {
      b.append("<p>No open case").append(matching == 0 && sc.queue().isEmpty()
          ? " (the anomalies stage flagged nothing, or has not run)" : " matches these filters").append(".</p>");
    } else {
      b.append("<table id=\"queue\"><caption class=\"noprint\">Cases ").append(from + 1).append('–')
          .append(from + shown.size()).append("</caption><thead><tr><th scope=\"col\">Rank</th>")
          .append("<th scope=\"col\">Account</th><th scope=\"col\">Detector</th><th scope=\"col\">Severity</th>")
          .append("<th scope=\"col\">Score</th><th scope=\"col\">Country</th><th scope=\"col\">Nights</th>")
          .append("<th scope=\"col\">Why</th></tr></thead><tbody>");
      ConsoleIndex.Decisions ds = decisions;
      for (ConsoleIndex.Case c : shown) {
        b.append("<tr><td>").append(c.queueRank()).append("</td><td><a class=\"case-link\" href=\"/cases/")
            .append(esc(c.caseId())).append("\">").append(esc(c.accountId())).append("</a></td><td>")
            .append(esc(c.detector())).append("</td><td class=\"sev-").append(esc(c.severity())).append("\">")
            .append(esc(c.severity())).append("</td><td>").append(Html.num(c.score())).append("</td><td>")
            .append(esc(sc.countryByAccount().getOrDefault(c.accountId(), "–"))).append("</td><td>")
            .append(c.nightsFlagged()).append("</td><td>").append(esc(c.sentence()));
        pending(ds, c, sc.asOf()).ifPresent(d -> b.append(" <span class=\"pending\">").append(esc(pendingText(d)))
            .append("</span>"));
        b.append("</td></tr>");
      }
      b.append("</tbody></table><nav aria-label=\"Pages\" class=\"noprint\"><p>");
      String base = "/queue?" + (detector == null ? "" : "detector=" + enc(detector) + "&")
          + (severity == null ? "" : "severity=" + enc(severity) + "&")
          + (country == null ? "" : "country=" + enc(country) + "&") + "page=";
      if (page > 1) {
        b.append("<a rel=\"prev\" href=\"").append(esc(base + (page - 1))).append("\">Previous</a> ");
      }
      if (from + shown.size() < matching) {
        b.append("<a rel=\"next\" href=\"").append(esc(base + (page + 1))).append("\">Next</a>");
      }
      b.append("</p></nav>");
    }
    html(ex, 200, Html.page("Review queue", s.reviewer(), s.csrf(), b.toString()));
  }

  /** The latest decision on a case recorded after its night: the next nightly will apply it. */
  private static Optional<ConsoleIndex.Decision> pending(
      ConsoleIndex.Decisions ds, ConsoleIndex.Case c, LocalDate asOf) {
    Instant night = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (ConsoleIndex.Decision d : ds.of(c.accountId())) {
      if (d.detector().equals(c.detector()) && !d.decidedAt().isBefore(night)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static String pendingText(ConsoleIndex.Decision d) {
    return d.decision() + (d.reviewer() == null ? "" : " by " + d.reviewer()) + " at "
        + d.decidedAt().truncatedTo(ChronoUnit.SECONDS) + ": applies at the next nightly";
  }

  private static void select(StringBuilder b, String name, String label, Iterable<String> values, String chosen) {
    b.append("<p><label for=\"f-").append(name).append("\">").append(label).append("</label><br><select id=\"f-")
        .append(name).append("\" name=\"").append(name).append("\"><option value=\"\">All</option>");
    for (String v : values) {
      b.append("<option").append(v.equals(chosen) ? " selected" : "").append(">").append(esc(v)).append("</option>");
    }
    b.append("</select></p>");
  }

  private void casePage(HttpExchange ex, Session s, String caseId, String recorded) throws IOException {
    ConsoleIndex.Scored sc = scored;
    ConsoleIndex.Case c = sc.casesById().get(caseId);
    if (c == null) {
      throw new Refused(404, "no case " + caseId + " as of " + sc.asOf());
    }
    ConsoleIndex.Decisions ds = decisions;
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"noprint\"><a href=\"/queue\">← Queue</a></p><h1>").append(esc(c.detector()))
        .append(" on account <a href=\"/accounts/").append(esc(c.accountId())).append("\">")
        .append(esc(c.accountId())).append("</a></h1>");
    if (recorded != null && TOKEN.matcher(recorded).matches()) {
      ds.byAccount().getOrDefault(c.accountId(), List.of()).stream()
          .filter(d -> recorded.equals(d.decisionId()))
          .findFirst()
          .ifPresent(d -> b.append("<p class=\"notice\" role=\"status\" id=\"recorded\">Recorded: ")
              .append(esc(pendingText(d))).append(".</p>"));
    }
    b.append("<p class=\"sentence\">").append(esc(c.sentence())).append("</p><dl class=\"facts\">");
    fact(b, "Status", c.status() + (c.queueRank() == null ? "" : " (rank " + c.queueRank() + " in the queue)"));
    fact(b, "Severity", c.severity());
    fact(b, "Score", Html.num(c.score()));
    fact(b, "Flagged", c.nightsFlagged() + " night(s), first " + c.firstSeen() + ", last " + c.lastSeen());
    fact(b, "Profile country", sc.countryByAccount().getOrDefault(c.accountId(), "–"));
    fact(b, "Job Success Score", jss(sc, c.accountId()));
    b.append("</dl>");
    explanationLinks(b, sc, c.accountId());
    pending(ds, c, sc.asOf()).ifPresent(d -> b.append("<p class=\"pending\">").append(esc(pendingText(d)))
        .append("</p>"));
    b.append("<section aria-labelledby=\"ev\"><h2 id=\"ev\">Evidence</h2>");
    List<ConsoleIndex.Flag> flags = sc.flagsByAccount().getOrDefault(c.accountId(), List.of());
    Optional<ConsoleIndex.Flag> flag = flags.stream().filter(f -> f.detector().equals(c.detector())).findFirst();
    if (flag.isEmpty()) {
      b.append("<p>Not flagged on ").append(sc.asOf()).append(" (the case is ").append(esc(c.status()))
          .append("); last value ").append(Html.num(c.value())).append(".</p>");
    } else {
      ConsoleIndex.Flag f = flag.get();
      b.append("<div id=\"evidence-chart\">").append(Html.chart(f.metric(), f.value(), f.baseline())).append("</div>");
      b.append("<dl class=\"facts\">");
      fact(b, "Metric", f.metric());
      fact(b, "Value", Html.num(f.value()));
      fact(b, "Peer baseline", Html.num(f.baseline()));
      fact(b, "p-value", Html.num(f.pValue()));
      fact(b, "z", Html.num(f.z()));
      b.append("</dl><h3>Linked accounts</h3>");
      idList(b, f.linkedAccounts(), "/accounts/", "No linked account.");
      b.append("<h3>Contracts</h3>");
      idList(b, f.contracts(), null, "No contract named.");
    }
    b.append("</section>");
    accountSections(b, sc, ds, c.accountId(), c.caseId());
    b.append("<section aria-labelledby=\"dec\" class=\"noprint\"><h2 id=\"dec\">Record a decision</h2>")
        .append("<form method=\"post\" action=\"/cases/").append(esc(c.caseId()))
        .append("/decisions\" id=\"decision-form\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .append(esc(s.csrf())).append("\"><input type=\"hidden\" name=\"decision_id\" value=\"")
        .append(Reviewers.token()).append("\"><fieldset><legend>Decision</legend>");
    for (String d : DECISIONS) {
      b.append("<label><input type=\"radio\" name=\"decision\" value=\"").append(d).append("\" required> ")
          .append(d).append("</label> ");
    }
    b.append("</fieldset><p><label for=\"note\">Note (what you checked; at most ").append(MAX_NOTE)
        .append(" characters)</label><br><textarea id=\"note\" name=\"note\" rows=\"3\" cols=\"70\" maxlength=\"")
        .append(MAX_NOTE).append("\"></textarea></p><p><button type=\"submit\">Record decision</button></p>")
        .append("<p>Recorded in the lake's <code>review_decisions</code> with your name and the time; the next")
        .append(" nightly run applies it (CLEARED quiets the case until its evidence grows).</p></form></section>");
    html(ex, 200, Html.page(c.detector() + " " + c.accountId(), s.reviewer(), s.csrf(), b.toString()));
  }

  private void accountPage(HttpExchange ex, Session s, String account) throws IOException {
    ConsoleIndex.Scored sc = scored;
    ConsoleIndex.Decisions ds = decisions;
    boolean known = sc.casesByAccount().containsKey(account) || sc.flagsByAccount().containsKey(account)
        || sc.explanations().contains(account) || !ds.of(account).isEmpty();
    if (!known) {
      throw new Refused(404, "nothing about account " + account + " as of " + sc.asOf());
    }
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"noprint\"><a href=\"/queue\">← Queue</a></p><h1>Account ").append(esc(account))
        .append("</h1><dl class=\"facts\">");
    fact(b, "Profile country", sc.countryByAccount().getOrDefault(account, "–"));
    fact(b, "Job Success Score", jss(sc, account));
    b.append("</dl>");
    explanationLinks(b, sc, account);
    b.append("<h2>Cases</h2>");
    List<ConsoleIndex.Case> cases = sc.casesByAccount().getOrDefault(account, List.of());
    if (cases.isEmpty()) {
      b.append("<p>No case as of ").append(sc.asOf()).append(".</p>");
    } else {
      b.append("<table><thead><tr><th scope=\"col\">Detector</th><th scope=\"col\">Status</th>")
          .append("<th scope=\"col\">Severity</th><th scope=\"col\">Why</th></tr></thead><tbody>");
      for (ConsoleIndex.Case c : cases) {
        b.append("<tr><td><a href=\"/cases/").append(esc(c.caseId())).append("\">").append(esc(c.detector()))
            .append("</a></td><td>").append(esc(c.status())).append("</td><td>").append(esc(c.severity()))
            .append("</td><td>").append(esc(c.sentence())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    accountSections(b, sc, ds, account, null);
    html(ex, 200, Html.page("Account " + account, s.reviewer(), s.csrf(), b.toString()));
  }

  /** The account's other flags of the night and its past decisions. */
  private static void accountSections(
      StringBuilder b, ConsoleIndex.Scored sc, ConsoleIndex.Decisions ds, String account, String exceptCase) {
    b.append("<section aria-labelledby=\"of\"><h2 id=\"of\">Flags of this account as of ").append(sc.asOf())
        .append("</h2>");
    List<ConsoleIndex.Flag> flags = sc.flagsByAccount().getOrDefault(account, List.of());
    if (flags.isEmpty()) {
      b.append("<p>None.</p>");
    } else {
      b.append("<table><thead><tr><th scope=\"col\">Detector</th><th scope=\"col\">Severity</th>")
          .append("<th scope=\"col\">Metric</th><th scope=\"col\">Value</th><th scope=\"col\">Baseline</th>")
          .append("<th scope=\"col\">Why</th></tr></thead><tbody>");
      for (ConsoleIndex.Flag f : flags) {
        b.append("<tr><td>").append(esc(f.detector())).append("</td><td>").append(esc(f.severity()))
            .append("</td><td>").append(esc(f.metric())).append("</td><td>").append(Html.num(f.value()))
            .append("</td><td>").append(Html.num(f.baseline())).append("</td><td>").append(esc(f.sentence()))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("</section><section aria-labelledby=\"pd\"><h2 id=\"pd\">Past decisions</h2>");
    List<ConsoleIndex.Decision> past = ds.of(account);
    if (past.isEmpty()) {
      b.append("<p>None.</p>");
    } else {
      b.append("<table id=\"decisions\"><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Detector</th>")
          .append("<th scope=\"col\">Decision</th><th scope=\"col\">Reviewer</th><th scope=\"col\">Note</th>")
          .append("</tr></thead><tbody>");
      for (ConsoleIndex.Decision d : past) {
        b.append("<tr><td>").append(d.decidedAt().truncatedTo(ChronoUnit.SECONDS)).append("</td><td>")
            .append(esc(d.detector())).append("</td><td>").append(esc(d.decision())).append("</td><td>")
            .append(esc(d.reviewer() == null ? "(loaded by ingest)" : d.reviewer())).append("</td><td>")
            .append(esc(d.note())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("</section>");
  }

  private static String jss(ConsoleIndex.Scored sc, String account) {
    Optional<String> json = sc.explanation(account);
    if (json.isEmpty()) {
      return "no score (not a freelancer with a visible contract as of " + sc.asOf() + ")";
    }
    try {
      JsonNode n = JSON.readTree(json.get());
      if (n.path("jss").isNull() || n.path("jss").isMissingNode()) {
        return "no score shown (" + n.path("ineligible_reason").asText("not eligible") + ")";
      }
      return Html.num(n.path("jss").asDouble()) + " over " + n.path("window_months").asInt() + " months";
    } catch (IOException e) {
      return "unreadable explanation";
    }
  }

  /** For a scored freelancer: the explanation as they see it (printable) and the internal one. */
  private static void explanationLinks(StringBuilder b, ConsoleIndex.Scored sc, String account) {
    if (sc.explanations().contains(account)) {
      b.append("<p class=\"noprint\">Explanation: <a href=\"/freelancers/").append(esc(account))
          .append("/jss\">as the freelancer sees it</a> · <a href=\"/api/freelancers/").append(esc(account))
          .append("/jss?audience=internal\">internal, every contract (JSON)</a></p>");
    }
  }

  private static void fact(StringBuilder b, String name, String value) {
    b.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
  }

  private static void idList(StringBuilder b, List<String> ids, String linkPrefix, String none) {
    if (ids.isEmpty()) {
      b.append("<p>").append(none).append("</p>");
      return;
    }
    b.append("<ul>");
    for (String id : ids) {
      b.append("<li>");
      if (linkPrefix != null && ID.matcher(id).matches()) {
        b.append("<a href=\"").append(linkPrefix).append(esc(id)).append("\">").append(esc(id)).append("</a>");
      } else {
        b.append(esc(id));
      }
      b.append("</li>");
    }
    b.append("</ul>");
  }

  private void decide(HttpExchange ex, Session s, String caseId) throws IOException {
    Map<String, String> form = form(ex);
    checkCsrf(ex, s, form);
    ConsoleIndex.Case c = scored.casesById().get(caseId);
    if (c == null) {
      throw new Refused(404, "no case " + caseId + " as of " + scored.asOf());
    }
    String decision = form.get("decision");
    if (decision == null || !DECISIONS.contains(decision)) {
      throw new Refused(400, "decision must be one of " + String.join(", ", DECISIONS));
    }
    String id = form.get("decision_id");
    if (id == null || !TOKEN.matcher(id).matches()) {
      throw new Refused(400, "the form has no decision id: reload the case page");
    }
    String note = form.getOrDefault("note", "").strip();
    if (note.length() > MAX_NOTE) {
      throw new Refused(400, "the note is longer than " + MAX_NOTE + " characters");
    }
    synchronized (decisionLock) {
      // A form submitted twice carries one decision id: the second submit records nothing.
      if (!decisions.ids().contains(id)) {
        log.append(
            new ReviewDecisionLog.Decision(
                id, c.accountId(), c.detector(), settings.clock().instant().truncatedTo(ChronoUnit.MICROS),
                decision, s.reviewer(), note.isEmpty() ? null : note));
        decisions = ConsoleIndex.Decisions.load(lake);
        LOG.info("console: {} recorded {} on {} {}", s.reviewer(), decision, c.accountId(), c.detector());
      }
    }
    redirect(ex, "/cases/" + c.caseId() + "?recorded=" + id);
  }

  // ---- Explanations ----

  private void explanationApi(HttpExchange ex, String freelancer) throws IOException {
    String audience = query(ex).getOrDefault("audience", "freelancer");
    ConsoleIndex.Scored sc = scored;
    Optional<String> json = sc.explanation(freelancer);
    if (json.isEmpty()) {
      throw new Refused(404, "no score for freelancer " + freelancer + " as of " + sc.asOf());
    }
    if (audience.equals("freelancer")) {
      json(ex, 200, json.get());
    } else if (audience.equals("internal")) {
      if (session(ex) == null) {
        throw new Refused(401, "the internal explanation is for signed-in reviewers");
      }
      try {
        json(ex, 200, ExplainJob.explain(lake, freelancer, sc.asOf(), Explanation.Audience.INTERNAL, true, policy));
      } catch (UserError e) {
        throw new Refused(409, e.getMessage());
      }
    } else {
      throw new Refused(400, "audience must be freelancer or internal");
    }
  }

  /** The freelancer-audience explanation as a page a support agent can print (the same content as text). */
  private void printable(HttpExchange ex, String freelancer) throws IOException {
    ConsoleIndex.Scored sc = scored;
    if (!sc.explanations().contains(freelancer)) {
      throw new Refused(404, "no score for freelancer " + freelancer + " as of " + sc.asOf());
    }
    List<Row> rows = lake.rows(Catalog.JSS_EXPLANATIONS.name(), sc.asOf(), "freelancer_id", freelancer);
    if (rows.isEmpty()) {
      throw new Refused(404, "no score for freelancer " + freelancer + " as of " + sc.asOf());
    }
    String body = "<h1>Job Success Score of " + esc(freelancer) + "</h1><p>As of " + sc.asOf()
        + ". What the freelancer sees: private feedback appears only as one total.</p>"
        + "<pre class=\"explanation\">" + esc(rows.get(0).getAs("text")) + "</pre>";
    html(ex, 200, Html.page("JSS of " + freelancer, null, null, body));
  }

  // ---- HTTP plumbing ----

  private static String error(String message) {
    try {
      return JSON.writeValueAsString(Map.of("error", message));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(HttpExchange ex) {
    return parse(ex.getRequestURI().getRawQuery());
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(16 * 1024 + 1);
      if (body.length > 16 * 1024) {
        throw new Refused(413, "form too large");
      }
      return parse(new String(body, StandardCharsets.UTF_8));
    }
  }

  private static Map<String, String> parse(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static Map<String, String> cookies(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    // Browsers send "a=1; b=2"; Java's CookieManager the RFC 2965 form ($Version="1", a="1";$Path="/").
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String c : header.split("[;,]")) {
        int eq = c.indexOf('=');
        String name = eq > 0 ? c.substring(0, eq).trim() : "";
        if (!name.isEmpty() && !name.startsWith("$")) {
          String value = c.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          out.putIfAbsent(name, value);
        }
      }
    }
    return out;
  }

  private static void redirect(HttpExchange ex, String to) throws IOException {
    ex.getResponseHeaders().set("Location", to);
    send(ex, 303, "text/plain; charset=utf-8", new byte[0], false);
  }

  private static void html(HttpExchange ex, int status, String page) throws IOException {
    send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), false);
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), false);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, boolean cacheable)
      throws IOException {
    var h = ex.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    h.set("Cache-Control", cacheable ? "max-age=3600" : "no-store");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
