package org.jss.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.jss.SparkTestBase;
import org.jss.TestFiles;
import org.jss.cli.Main;
import org.jss.config.JssPolicy;
import org.jss.io.Lake;
import org.jss.io.LakeReader;
import org.jss.io.ReviewDecisionLog;
import org.jss.io.Schemas;
import org.jss.io.TableSpec;

/**
 * The demo's lake for the console's tests: the bundled samples ({@code data-samples/}) loaded and scored
 * for the demo's night, built once per test JVM; each test copies it before changing it.
 */
final class ConsoleLake extends SparkTestBase {
  static final String NIGHT = "2026-11-22";
  static final String NEXT_NIGHT = "2026-11-23";
  /** When reviewers decide in these tests: the morning after the night, so the next nightly sees it. */
  static final Clock MORNING_AFTER = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

  private static Path built;

  private ConsoleLake() {}

  /** A fresh copy of the scored lake. */
  static synchronized Path copy() {
    if (built == null) {
      built = build();
    }
    return copyOf(built);
  }

  /** A fresh copy of {@code lake}, to change without touching it. */
  static Path copyOf(Path lake) {
    Path to = tempDir("console-lake").resolve("lake");
    TestFiles.copyTree(lake, to);
    return to;
  }

  /**
   * The samples appended to the raw tables as they are (they are clean: ingest's checks are its own tests'
   * business), then the night scored.
   */
  private static Path build() {
    Path samples = Files.isDirectory(Path.of("..", "data-samples")) ? Path.of("..", "data-samples") : Path.of("data-samples");
    Path root = tempDir("console-lake-built").resolve("lake");
    Lake lake = new Lake(spark(), root.toString());
    for (TableSpec t : Schemas.ALL) {
      lake.append(
          lake.rawPath(t.name()),
          spark().read().option("header", "true").schema(t.sparkSchema())
              .csv(samples.resolve(t.name() + ".csv").toString()));
    }
    nightly(root, NIGHT);
    return root;
  }

  /** Runs the nightly of {@code night} on {@code lake}: the stages whose tables the console reads. */
  static void nightly(Path lake, String night) {
    assertEquals(
        0, Main.execute("nightly", "--lake", lake.toString(), "--as-of", night, "--stages", "jss,anomalies"));
  }
  /**
   * A console over {@code lake} as {@code jss serve} starts one (the decision table widened once with
   * Spark), listening on a free port, reviewers alice, bob and dora, decisions stamped at {@link #MORNING_AFTER}.
   */
  static ConsoleServer start(Path lake, Path reviewersFile) throws IOException {
    if (!Files.exists(reviewersFile)) {
      Reviewers.add(reviewersFile, "alice", "correct horse battery");
      Reviewers.add(reviewersFile, "bob", "another long password");
      Reviewers.add(reviewersFile, "dora", "dora's long password");
    }
    ReviewDecisionLog log = new ReviewDecisionLog(lake.toString(), new Configuration());
    new Lake(spark(), lake.toString()).addColumns(log.path(), log.missingColumns());
    ConsoleServer server =
        new ConsoleServer(
            new LakeReader(lake.toString(), new Configuration()), log, Reviewers.load(reviewersFile),
            JssPolicy.defaults(), new ConsoleServer.Settings(null, Duration.ofHours(1), false, MORNING_AFTER));
    server.start("127.0.0.1", 0);
    return server;
  }

}
