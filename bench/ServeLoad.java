import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jss.io.LakeReader;

/**
 * Load test of `jss serve` over loopback: REQUESTS requests per route from CLIENTS concurrent clients, and
 * each route's latency percentiles and throughput. Routes: the freelancer explanation (random freelancers
 * of the served night), the queue's first page and a case page (signed in). Run with the jar's classpath
 * (it reads the freelancer ids of the night with Delta Kernel):
 *   java -cp "$jar:$(cat jobs/target/classpath.txt)" bench/ServeLoad.java URL LAKE DATE REVIEWER PASSWORD [REQUESTS] [CLIENTS]
 */
public final class ServeLoad {
  public static void main(String[] a) throws Exception {
    String base = a[0];
    LakeReader lake = new LakeReader(a[1], new org.apache.hadoop.conf.Configuration());
    java.time.LocalDate date = java.time.LocalDate.parse(a[2]);
    int requests = a.length > 5 ? Integer.parseInt(a[5]) : 10_000;
    int clients = a.length > 6 ? Integer.parseInt(a[6]) : 4;
    List<String> ids = new ArrayList<>();
    lake.strings("jss_explanations", date, List.of("freelancer_id"), v -> ids.add(v[0]));
    System.out.printf("%,d freelancers in the night; %,d requests per route, %d clients%n", ids.size(), requests, clients);
    System.out.println("sample freelancer: " + ids.get(ids.size() / 2));

    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String login = http.send(get(base + "/login"), HttpResponse.BodyHandlers.ofString()).body();
    String csrf = field(login, "csrf");
    String form = "csrf=" + enc(csrf) + "&name=" + enc(a[3]) + "&password=" + enc(a[4]) + "&next=%2Fqueue";
    HttpResponse<String> signed =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String queue = http.send(get(base + "/queue"), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("href=\"(/cases/[A-Za-z0-9_.:-]+)\"").matcher(queue);
    if (!m.find()) {
      throw new IllegalStateException("signed in? no case in the queue page (sign-in status " + signed.statusCode() + ")");
    }
    String casePage = m.group(1);

    // Warm-up: the JIT compiles the paths before anything is timed.
    run(http, base, ids, Math.min(2_000, requests), clients, r -> "/api/freelancers/" + r + "/jss");
    run(http, base, ids, 200, clients, r -> "/queue");
    report("explanation", run(http, base, ids, requests, clients, r -> "/api/freelancers/" + r + "/jss"));
    report("queue page", run(http, base, ids, requests, clients, r -> "/queue"));
    report("case page", run(http, base, ids, requests, clients, r -> casePage));
  }

  record Result(long[] nanos, long wallNanos, int errors) {}

  static Result run(
      HttpClient http, String base, List<String> ids, int n, int clients,
      java.util.function.Function<String, String> path) throws Exception {
    long[] nanos = new long[n];
    int[] errors = new int[1];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      fs.add(pool.submit(() -> {
        Random random = new Random(client);
        for (int i = client; i < n; i += clients) {
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.apply(ids.get(random.nextInt(ids.size())))));
          long s = System.nanoTime();
          HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
          nanos[i] = System.nanoTime() - s;
          if (r.statusCode() != 200) {
            synchronized (errors) {
              errors[0]++;
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    long wall = System.nanoTime() - t0;
    pool.shutdown();
    return new Result(nanos, wall, errors[0]);
  }

  static void report(String name, Result r) {
    long[] s = r.nanos().clone();
    Arrays.sort(s);
    System.out.printf(
        "%-20s %,7d req  %,8.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d%n",
        name, s.length, s.length / (r.wallNanos() / 1e9), pct(s, 0.50), pct(s, 0.95), pct(s, 0.99),
        s[s.length - 1] / 1e6, r.errors());
  }

  static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).build();
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " field");
    }
    return m.group(1);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
