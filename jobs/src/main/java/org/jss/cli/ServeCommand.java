package org.jss.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.io.LakeReader;
import org.jss.io.ReviewDecisionLog;
import org.jss.serve.ConsoleServer;
import org.jss.serve.Reviewers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the review console and the explanation service over a lake, until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the review console (trust & safety: ranked queue, cases with evidence, decisions recorded",
      "in review_decisions) and the explanation service (GET /api/freelancers/ID/jss, and a printable",
      "page) over a lake's latest run, read into memory with Delta Kernel: no Spark session per request.",
      "Reviewers sign in with the names and password hashes of --reviewers; when that file does not",
      "exist it is created with one reviewer and a random password, printed once."
    })
public final class ServeCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (0: any free one). Default: 8080.")
  int port = 8080;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on. Default: 127.0.0.1 (this machine only; put TLS in front for more).")
  String host = "127.0.0.1";

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Serve this run date. Default: the latest.")
  String asOf;

  @Option(
      names = "--reviewers",
      paramLabel = "FILE",
      description = "Reviewers' names and password hashes (YAML). Default: conf/reviewers.yaml.")
  Path reviewersFile = Path.of("conf", "reviewers.yaml");

  @Option(
      names = "--first-reviewer",
      paramLabel = "NAME",
      description = "Name of the reviewer created with the reviewers file. Default: your user name.")
  String firstReviewer = System.getProperty("user.name", "reviewer");

  @Option(
      names = "--add-reviewer",
      paramLabel = "NAME",
      description = "Add a reviewer (or set their password, read from the terminal or stdin) and exit.")
  String addReviewer;

  @Option(
      names = "--refresh-seconds",
      paramLabel = "N",
      description = "How often to look for a newer run or decision. Default: 10.")
  int refreshSeconds = 10;

  @Option(names = "--secure-cookies", description = "Mark cookies Secure (when served over HTTPS).")
  boolean secureCookies;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "The JSS policy the scores were made under (for the internal explanation).")
  String policy;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (addReviewer != null) {
      Reviewers.add(reviewersFile, addReviewer, readPassword(addReviewer));
      System.out.println("reviewer " + addReviewer + " saved in " + reviewersFile);
      return Main.OK;
    }
    if (refreshSeconds < 1) {
      throw new UserError("--refresh-seconds must be at least 1");
    }
    LocalDate date = asOf == null ? null : Dates.parse("--as-of", asOf);
    if (!Files.exists(reviewersFile)) {
      String password = Reviewers.createWith(reviewersFile, firstReviewer);
      System.out.println(
          "serve: created " + reviewersFile + " with reviewer '" + firstReviewer + "', password: " + password);
      System.out.println("serve: the password is shown this once; change it with --add-reviewer " + firstReviewer);
    }
    Reviewers reviewers = Reviewers.load(reviewersFile);
    PipelineConfig config = common.config();
    org.apache.hadoop.conf.Configuration hadoop = common.hadoopConfiguration(config);
    LakeReader lake = lakeOption.reader(hadoop, config);
    ReviewDecisionLog decisions = new ReviewDecisionLog(lake.root(), hadoop);
    if (!decisions.missingColumns().isEmpty()) {
      // Once per lake: Delta Kernel cannot add columns, so Spark adds the console's to the table ingest made.
      System.out.println("serve: adding " + decisions.missingColumns().size() + " columns to " + decisions.path());
      SparkSession spark = common.session("jss serve (one-time table change)", config);
      try {
        lakeOption.open(spark, config).addColumns(decisions.path(), decisions.missingColumns());
      } finally {
        spark.stop();
      }
    }
    long t0 = System.nanoTime();
    ConsoleServer server =
        new ConsoleServer(
            lake, decisions, reviewers, JssPolicy.load(policy),
            new ConsoleServer.Settings(date, Duration.ofSeconds(refreshSeconds), secureCookies, Clock.systemUTC()));
    int bound = server.start(host, port);
    double seconds = (System.nanoTime() - t0) / 1e9;
    // Once, so that the figure is what the console keeps, not what loading left behind.
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "serve: %s; ready in %.1f s, %,d MB of heap in use%n",
        server.summary(), seconds, (rt.totalMemory() - rt.freeMemory()) >> 20);
    System.out.println("serve: review console at http://" + host + ":" + bound + "/queue (Ctrl-C stops)");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }));
    stop.await();
    return Main.OK;
  }

  private static String readPassword(String name) throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] p = console.readPassword("password for %s (at least 12 characters): ", name);
      return p == null ? "" : new String(p);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    return line == null ? "" : line;
  }
}
