package org.jss.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.jss.io.Lake;
import org.jss.io.LakeDiff;
import org.jss.io.RunLog;

/**
 * Fault injection for issue 15: runs {@code jss ingest} and {@code jss nightly} as child processes,
 * SIGKILLs them at chosen moments, checks what a reader sees at that moment, reruns the same command and
 * compares the lake with the lake of an uninterrupted run, table by table and row by row.
 *
 * <p>Kill points, each tried on a fresh copy of the lake as it was before the command:
 *
 * <ul>
 *   <li>{@code boundary N}: as the command prints its Nth progress line (a stage or table starting, a
 *       table being written): every stage boundary when all are asked for;
 *   <li>{@code commit N}: as soon as the Nth new Delta commit file appears anywhere in the lake (the log
 *       folders are polled every few milliseconds, so the kill lands just after the commit, before or
 *       during the next step);
 *   <li>{@code random}: after a delay drawn uniformly from the uninterrupted run's duration.
 * </ul>
 *
 * <p>At the kill, every table must hold, for each date (scored tables) or as a whole (raw and quarantine
 * tables), either what it held before the command or what the uninterrupted run wrote: a partial date
 * is a mismatch. After the rerun (which must exit 0) every table must equal the uninterrupted run's
 * (run bookkeeping columns aside, {@link LakeDiff}), and {@code _runs} must list the killed attempt as
 * INTERRUPTED when it had recorded its start. Not compared after a rerun: {@code _runs} and ingest's
 * {@code data_quality}, which are logs of attempts (a rerun truly found rows already loaded), not results.
 *
 * <p>Run: {@code bench/kill-harness.sh} (the manual command, any size) or {@code KillHarnessTest} (CI).
 */
public final class KillHarness {
  /** One kill point: its kind and number (the Nth progress line or commit), or a delay in ms. */
  public record Point(String kind, long n) {
    @Override
    public String toString() {
      return kind.equals("random") ? "random " + n + " ms" : kind + " " + n;
    }
  }

  /** What one trial found. {@code killed} is false when the command ended before the point came. */
  public record Trial(String command, Point point, boolean killed, List<String> mismatches, String runs) {}

  /** The options: the launcher (e.g. {@code ./jss}), the source files, the night, the work folder. */
  public record Options(
      List<String> jss, Path source, String asOf, Path work, int boundaries, int commits, int random, long seed) {}

  private final Options o;
  private final SparkSession spark;

  public KillHarness(Options o, SparkSession spark) {
    this.o = o;
    this.spark = spark;
  }

  /** A finished uninterrupted run: its progress lines, its commits and its duration. */
  private record Reference(int progressLines, int commits, long ms) {}

  /** Runs the reference commands, then every trial; returns the trials. */
  public List<Trial> run() throws Exception {
    Path empty = o.work().resolve("before-ingest");
    Path ingested = o.work().resolve("after-ingest");
    Path scored = o.work().resolve("after-nightly");
    for (Path p : List.of(empty, ingested, scored)) {
      org.jss.TestFiles.deleteTree(p);
    }
    Files.createDirectories(empty);
    Reference ingest = reference(ingested, ingestArgs(ingested));
    org.jss.TestFiles.copyTree(ingested, scored);
    Reference nightly = reference(scored, nightlyArgs(scored));
    List<Trial> trials = new ArrayList<>();
    Random rnd = new Random(o.seed());
    for (Point p : points(ingest, rnd)) {
      trials.add(trial("ingest", p, empty, ingested));
    }
    for (Point p : points(nightly, rnd)) {
      trials.add(trial("nightly", p, ingested, scored));
    }
    return trials;
  }

  private List<String> ingestArgs(Path lake) {
    return List.of("ingest", "--source", o.source().toString(), "--format", "csv", "--lake", lake.toString());
  }

  private List<String> nightlyArgs(Path lake) {
    return List.of("nightly", "--lake", lake.toString(), "--as-of", o.asOf());
  }

  private List<String> args(String command, Path lake) {
    return command.equals("ingest") ? ingestArgs(lake) : nightlyArgs(lake);
  }

  /** The kill points of one command: the first N boundaries and commits (spread over all when fewer). */
  private List<Point> points(Reference r, Random rnd) {
    List<Point> out = new ArrayList<>();
    spread(r.progressLines(), o.boundaries()).forEach(n -> out.add(new Point("boundary", n)));
    spread(r.commits(), o.commits()).forEach(n -> out.add(new Point("commit", n)));
    for (int i = 0; i < o.random(); i++) {
      out.add(new Point("random", (long) (r.ms() * (0.05 + 0.9 * rnd.nextDouble()))));
    }
    return out;
  }

  /**
   * {@code want} of the numbers 1..{@code of}, evenly spread from the first to the last (all of them when
   * want >= of; the middle one when want is 1).
   */
  static List<Long> spread(int of, int want) {
    TreeSet<Long> picked = new TreeSet<>();
    if (want == 1 && of > 0) {
      picked.add((of + 1) / 2L);
    } else if (want >= of) {
      for (long i = 1; i <= of; i++) {
        picked.add(i);
      }
    } else {
      for (int i = 0; i < want; i++) {
        picked.add(1 + Math.round((double) i * (of - 1) / Math.max(1, want - 1)));
      }
    }
    return new ArrayList<>(picked);
  }

  private Reference reference(Path lake, List<String> args) throws Exception {
    int before = commits(lake);
    long t0 = System.nanoTime();
    Child c = Child.start(command(args), o.work().resolve("logs"), "reference-" + args.get(0));
    int code = c.process.waitFor();
    if (code != 0) {
      throw new IllegalStateException("the uninterrupted " + args.get(0) + " failed (" + code + "): see " + c.log);
    }
    c.drained();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Reference r = new Reference(c.progressLines.get(), commits(lake) - before, ms);
    System.out.printf(
        "reference %s: %d steps, %d commits, %.1f s%n", args.get(0), r.progressLines(), r.commits(), ms / 1000.0);
    return r;
  }

  private List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>(o.jss());
    cmd.addAll(args);
    return cmd;
  }

  private Trial trial(String command, Point p, Path before, Path after) throws Exception {
    Path lake = o.work().resolve("trial");
    org.jss.TestFiles.deleteTree(lake);
    org.jss.TestFiles.copyTree(before, lake);
    int commitsBefore = commits(lake);
    Child c = Child.start(command(args(command, lake)), o.work().resolve("logs"), command + "-" + p.kind() + "-" + p.n());
    boolean killed = false;
    long t0 = System.nanoTime();
    while (c.process.isAlive()) {
      boolean now =
          switch (p.kind()) {
            case "boundary" -> c.progressLines.get() >= p.n();
            case "commit" -> commits(lake) - commitsBefore >= p.n();
            default -> (System.nanoTime() - t0) / 1_000_000 >= p.n();
          };
      if (now) {
        c.process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        c.process.waitFor();
        killed = true;
        break;
      }
      Thread.sleep(3);
    }
    c.process.waitFor();
    c.drained();
    List<String> mismatches = new ArrayList<>();
    if (!killed && c.process.exitValue() != 0) {
      mismatches.add("the run ended by itself with exit " + c.process.exitValue() + " (" + c.log + ")");
    }
    if (killed) {
      mismatches.addAll(atKill(lake, before, after));
    }
    Child rerun = Child.start(command(args(command, lake)), o.work().resolve("logs"), command + "-" + p.kind() + "-" + p.n() + "-rerun");
    int code = rerun.process.waitFor();
    rerun.drained();
    if (code != 0) {
      mismatches.add("the rerun failed with exit " + code + " (" + rerun.log + ")");
    } else {
      mismatches.addAll(afterRerun(lake, after));
    }
    String runs = runs(lake, command, killed, mismatches);
    Trial t = new Trial(command, p, killed, mismatches, runs);
    System.out.printf(
        "%-8s %-18s %-7s %s; %s%n",
        command, p, killed ? "killed" : "ended", mismatches.isEmpty() ? "0 mismatches" : mismatches.size() + " MISMATCHES: " + mismatches, runs);
    return t;
  }

  /** Tables other than the run logs, as lake paths. */
  private List<String> tables(Lake l) {
    List<String> t = new ArrayList<>(l.tables());
    t.remove("_runs");
    return t;
  }

  /** At the kill: each table, per date or whole, as before the command or as the uninterrupted run left it. */
  private List<String> atKill(Path lake, Path before, Path after) {
    Lake l = new Lake(spark, lake.toString());
    Lake b = new Lake(spark, before.toString());
    Lake a = new Lake(spark, after.toString());
    List<String> out = new ArrayList<>();
    for (String t : tables(l)) {
      Dataset<Row> now = l.read(l.resolve(t));
      if (!List.of(now.columns()).contains(Lake.AS_OF_DATE)) {
        if (!sameAs(now, b, t) && !sameAs(now, a, t)) {
          out.add("at the kill, " + t + " is neither as before nor as after the command");
        }
        continue;
      }
      for (Row d : now.select(Lake.AS_OF_DATE).distinct().collectAsList()) {
        java.sql.Date date = d.getDate(0);
        Dataset<Row> day = now.where(functions.col(Lake.AS_OF_DATE).equalTo(functions.lit(date)));
        if (!sameDay(day, b, t, date) && !sameDay(day, a, t, date)) {
          out.add("at the kill, " + t + " " + date + " is a partial date: neither as before nor as after");
        }
      }
    }
    return out;
  }

  private static boolean sameAs(Dataset<Row> rows, Lake other, String table) {
    return other.exists(other.resolve(table)) && LakeDiff.compare(rows, other.read(other.resolve(table))).same();
  }

  private static boolean sameDay(Dataset<Row> rows, Lake other, String table, java.sql.Date date) {
    return other.exists(other.resolve(table))
        && LakeDiff.compare(
                rows,
                other.read(other.resolve(table)).where(functions.col(Lake.AS_OF_DATE).equalTo(functions.lit(date))))
            .same();
  }

  /** After the rerun: the same tables as the uninterrupted run, each with the same rows. */
  private List<String> afterRerun(Path lake, Path after) {
    Lake l = new Lake(spark, lake.toString());
    Lake a = new Lake(spark, after.toString());
    List<String> out = new ArrayList<>();
    List<String> mine = tables(l);
    List<String> theirs = tables(a);
    mine.remove("scored/data_quality");
    theirs.remove("scored/data_quality");
    if (!mine.equals(theirs)) {
      out.add("after the rerun, tables " + mine + " against " + theirs);
      return out;
    }
    for (String t : mine) {
      LakeDiff.Result r = LakeDiff.compare(l.read(l.resolve(t)), a.read(a.resolve(t)));
      if (!r.same()) {
        out.add("after the rerun, " + t + " " + r);
      }
    }
    return out;
  }

  /** What {@code _runs} says of this command's attempts; a killed attempt that had started must show INTERRUPTED. */
  private String runs(Path lake, String command, boolean killed, List<String> mismatches) {
    Lake l = new Lake(spark, lake.toString());
    List<RunLog.Attempt> attempts =
        RunLog.attempts(l.read(l.runsPath()).collectAsList()).stream()
            .filter(x -> x.command().equals(command))
            .toList();
    List<String> outcomes = attempts.stream().map(RunLog.Attempt::outcome).toList();
    if (outcomes.isEmpty() || !outcomes.get(outcomes.size() - 1).equals(RunLog.SUCCEEDED)) {
      mismatches.add("_runs does not end with the rerun's success: " + outcomes);
    }
    // A kill after the attempt's last record (the process was exiting) leaves it SUCCEEDED, rightly.
    if (killed
        && outcomes.size() == 2
        && !List.of(RunLog.INTERRUPTED, RunLog.SUCCEEDED).contains(outcomes.get(0))) {
      mismatches.add("_runs shows the killed attempt as " + outcomes.get(0));
    }
    if (outcomes.size() > 2) {
      mismatches.add("_runs has more attempts than the two: " + outcomes);
    }
    return "_runs " + outcomes;
  }

  /** Commit files in every Delta log of the lake. */
  static int commits(Path lake) {
    int n = 0;
    List<Path> logs = new ArrayList<>();
    logs.add(lake.resolve("_runs/_delta_log"));
    for (String area : List.of("raw", "quarantine", "scored")) {
      Path dir = lake.resolve(area);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.forEach(t -> logs.add(t.resolve("_delta_log")));
        } catch (IOException e) {
          // a folder appearing or vanishing while listed: the next poll sees it
        }
      }
    }
    for (Path log : logs) {
      if (Files.isDirectory(log)) {
        try (Stream<Path> s = Files.list(log)) {
          n += (int) s.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
        } catch (IOException e) {
          // as above
        }
      }
    }
    return n;
  }

  /**
   * A step starting, as the commands print it: nightly's {@code [mm:ss] stage jss: computing} or
   * {@code ... writing jss_scores} (stderr), ingest's {@code accounts: validating FILE} (stdout).
   */
  static final java.util.regex.Pattern BOUNDARY =
      java.util.regex.Pattern.compile("(\\[\\d\\d:\\d\\d\\] )?(stage \\S+: .*|[a-z_]+: validating .*)");

  /** A child command with both its outputs read line by line into log files, step lines counted. */
  private static final class Child {
    final Process process;
    final Path log;
    final AtomicInteger progressLines = new AtomicInteger();
    final List<Thread> readers = new ArrayList<>();

    private Child(Process process, Path out, Path err) {
      this.process = process;
      this.log = err;
      readers.add(reader(process.getInputStream(), out));
      readers.add(reader(process.getErrorStream(), err));
    }

    private Thread reader(java.io.InputStream in, Path file) {
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    var w = Files.newBufferedWriter(file)) {
                  for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (BOUNDARY.matcher(line).matches()) {
                      progressLines.incrementAndGet();
                    }
                    w.write(line);
                    w.newLine();
                    w.flush();
                  }
                } catch (IOException e) {
                  // the process was killed: its stream ends
                }
              });
      t.setDaemon(true);
      t.start();
      return t;
    }

    static Child start(List<String> cmd, Path logs, String name) throws IOException {
      Files.createDirectories(logs);
      Process p = new ProcessBuilder(cmd).start();
      return new Child(p, logs.resolve(name + ".out"), logs.resolve(name + ".err"));
    }

    void drained() throws InterruptedException {
      for (Thread t : readers) {
        t.join(10_000);
      }
    }
  }

  /** The report: one line per trial and the totals; what the closing note quotes. */
  public static String report(List<Trial> trials) {
    StringBuilder b = new StringBuilder();
    long killed = trials.stream().filter(Trial::killed).count();
    long bad = trials.stream().mapToLong(t -> t.mismatches().size()).sum();
    for (String command : List.of("ingest", "nightly")) {
      List<Trial> mine = trials.stream().filter(t -> t.command().equals(command)).toList();
      Map<String, Long> byKind =
          mine.stream()
              .filter(Trial::killed)
              .collect(java.util.stream.Collectors.groupingBy(t -> t.point().kind(), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
      b.append(String.format("%s: %d kill points tried, %d killed %s%n", command, mine.size(), mine.stream().filter(Trial::killed).count(), byKind));
    }
    b.append(String.format("%d trials, %d killed, %d mismatches%n", trials.size(), killed, bad));
    return b.toString();
  }

  /**
   * {@code KillHarness --jss "CMD" --source DIR --as-of DATE --work DIR [--boundaries N] [--commits N]
   * [--random N] [--seed S]}; N = 1000 tries every boundary or commit. Exits 1 on any mismatch.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    for (String k : List.of("--jss", "--source", "--as-of", "--work")) {
      if (!a.containsKey(k)) {
        System.err.println(
            "usage: KillHarness --jss CMD --source DIR --as-of DATE --work DIR [--boundaries N]"
                + " [--commits N] [--random N] [--seed S]");
        System.exit(2);
      }
    }
    Options o =
        new Options(
            List.of(a.get("--jss").trim().split("\\s+")),
            Path.of(a.get("--source")),
            a.get("--as-of"),
            Path.of(a.get("--work")),
            Integer.parseInt(a.getOrDefault("--boundaries", "3")),
            Integer.parseInt(a.getOrDefault("--commits", "3")),
            Integer.parseInt(a.getOrDefault("--random", "2")),
            Long.parseLong(a.getOrDefault("--seed", "1")));
    SparkSession spark =
        org.jss.io.Sessions.create(
            "jss-kill-harness", "local[1]", Map.of("spark.sql.shuffle.partitions", "1", "spark.ui.enabled", "false"));
    spark.sparkContext().setLogLevel("ERROR");
    List<Trial> trials = new KillHarness(o, spark).run();
    String report = report(trials);
    System.out.print(report);
    Files.writeString(o.work().resolve("kill-report.txt"), report);
    spark.stop();
    System.exit(trials.stream().allMatch(t -> t.mismatches().isEmpty()) ? 0 : 1);
  }
}
