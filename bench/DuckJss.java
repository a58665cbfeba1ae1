/*
 * DuckJss: benchmark-only, independent second implementation of the Job Success Score (SPEC sections 4
 * and 5, default policy, NET_SUCCESS formula) in DuckDB SQL. It shares no code with jobs/ and was written
 * from the SPEC text alone, so it can be used to cross-check the Spark scores and to time a single-node
 * engine on the same inputs.
 *
 * Usage (Java 17 single-file source program, DuckDB JDBC driver on the class path):
 *   mvn -B dependency:get -Dartifact=org.duckdb:duckdb_jdbc:1.4.4.0
 *   java -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/1.4.4.0/duckdb_jdbc-1.4.4.0.jar \
 *       bench/DuckJss.java SNAPSHOT_DIR AS_OF OUT_CSV [THREADS]
 *
 * SNAPSHOT_DIR holds contracts, payments, feedback and disputes as Parquet (as written by
 * `jss generate --format parquet`): each table is `<table>.parquet` (a file, or a folder of part files)
 * or a folder `<table>/` of part files. AS_OF is YYYY-MM-DD. THREADS defaults to 2.
 * OUT_CSV gets `freelancer_id,jss,jss_display,window_months`, one row per freelancer with at least one
 * visible contract, sorted by freelancer_id; the three score columns are empty when no window qualifies.
 * Prints `duckdb: <n> freelancers, query <ms> ms, threads <t>` (time of the SQL and fetching its rows,
 * not JVM start-up nor CSV writing).
 *
 * Choices where the SPEC is silent: a dispute whose outcome column says OPEN counts as open even when its
 * closed_at is visible; payments dated before the contract's start date belong to no 90-day period;
 * feedback/payments/disputes are only considered on visible contracts.
 */
import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

public class DuckJss {

  static String source(String dir, String table) {
    File f = new File(dir, table + ".parquet");
    File folder = f.isDirectory() ? f : new File(dir, table);
    String path;
    if (f.isFile()) {
      path = f.getPath();
    } else if (folder.isDirectory()) {
      path = new File(folder, "*.parquet").getPath();
    } else {
      throw new IllegalArgumentException("no Parquet input for table " + table + " in " + dir);
    }
    return "read_parquet('" + path.replace("'", "''") + "')";
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: DuckJss SNAPSHOT_DIR AS_OF OUT_CSV [THREADS]");
      System.exit(2);
    }
    String dir = args[0];
    LocalDate asOf = LocalDate.parse(args[1]);
    Path out = Path.of(args[2]);
    int threads = args.length == 4 ? Integer.parseInt(args[3]) : 2;

    String d = "DATE '" + asOf + "'";
    // Visibility cutoff: D+1 00:00 UTC.
    String cutoff = "TIMESTAMP '" + asOf.plusDays(1) + " 00:00:00'";

    String sql = String.join("\n",
        "WITH",
        // --- Section 4: point in time ---------------------------------------------------------------
        "c AS (",
        "  SELECT contract_id, freelancer_id, client_id,",
        "         CAST(started_at AS DATE) AS sd,",
        "         CASE WHEN ended_at < " + cutoff + " THEN CAST(ended_at AS DATE) END AS ed,",
        "         CASE WHEN ended_at < " + cutoff + " THEN end_reason END AS end_reason",
        "  FROM " + source(dir, "contracts"),
        "  WHERE started_at < " + cutoff + "),",
        "p AS (",
        "  SELECT p.contract_id, CAST(p.paid_at AS DATE) AS pd, p.amount_usd",
        "  FROM " + source(dir, "payments") + " p JOIN c USING (contract_id)",
        "  WHERE p.paid_at < " + cutoff + "),",
        "fb AS (",
        "  SELECT f.contract_id, f.given_by, f.submitted_at, f.public_rating, f.private_score",
        "  FROM " + source(dir, "feedback") + " f JOIN c USING (contract_id)",
        "  WHERE f.submitted_at < " + cutoff + "),",
        "dv AS (",
        "  SELECT x.contract_id, x.outcome, x.closed_at,",
        "         (x.closed_at IS NULL OR x.closed_at >= " + cutoff + " OR x.outcome = 'OPEN') AS is_open",
        "  FROM " + source(dir, "disputes") + " x JOIN c USING (contract_id)",
        "  WHERE x.opened_at < " + cutoff + "),",
        // --- per-contract facts -----------------------------------------------------------------------
        "earn AS (SELECT contract_id, SUM(amount_usd) AS earnings FROM p GROUP BY contract_id),",
        // latest client feedback row; on equal timestamps the less favourable (missing lowest) counts
        "cfb AS (",
        "  SELECT contract_id, public_rating AS pr, private_score AS ps FROM (",
        "    SELECT *, ROW_NUMBER() OVER (PARTITION BY contract_id ORDER BY submitted_at DESC,",
        "             public_rating ASC NULLS FIRST, private_score ASC NULLS FIRST) AS rn",
        "    FROM fb WHERE given_by = 'CLIENT') WHERE rn = 1),",
        "dopen AS (SELECT DISTINCT contract_id FROM dv WHERE is_open),",
        "dlast AS (",
        "  SELECT contract_id, outcome FROM (",
        "    SELECT *, ROW_NUMBER() OVER (PARTITION BY contract_id ORDER BY closed_at DESC,",
        "             CASE WHEN outcome = 'FOR_CLIENT' THEN 0 ELSE 1 END) AS rn",
        "    FROM dv WHERE NOT is_open) WHERE rn = 1),",
        // rule 1: freelancer-given public ratings over all of the client's visible contracts
        "bad AS (",
        "  SELECT c.client_id FROM fb JOIN c USING (contract_id)",
        "  WHERE fb.given_by = 'FREELANCER' AND fb.public_rating IS NOT NULL",
        "  GROUP BY c.client_id",
        "  HAVING COUNT(*) FILTER (WHERE fb.public_rating <= 2.0) >= 3",
        "     AND 2 * COUNT(*) FILTER (WHERE fb.public_rating <= 2.0) >= COUNT(*)),",
        // recent positive payment for long-term active contracts: paid after D - 90 days
        "recent AS (SELECT DISTINCT contract_id FROM p",
        "  WHERE amount_usd > 0 AND datediff('day', pd, " + d + ") < 90),",
        // complete 90-day periods holding a payment > 0
        "periods AS (",
        "  SELECT c.contract_id,",
        "         COUNT(DISTINCT CAST(floor(datediff('day', c.sd, p.pd) / 90) AS BIGINT)) AS n",
        "  FROM p JOIN c USING (contract_id)",
        "  WHERE p.amount_usd > 0 AND p.pd >= c.sd",
        "    AND datediff('day', c.sd, COALESCE(c.ed, " + d + "))",
        "        >= 90 * (CAST(floor(datediff('day', c.sd, p.pd) / 90) AS BIGINT) + 1)",
        "  GROUP BY c.contract_id),",
        "f AS (",
        "  SELECT c.contract_id, c.freelancer_id, c.client_id, c.sd, c.ed, c.end_reason,",
        "         COALESCE(e.earnings, 0) AS earnings, cfb.pr, cfb.ps,",
        "         (bad.client_id IS NOT NULL) AS bad_client,",
        "         (dopen.contract_id IS NOT NULL) AS dispute_open,",
        "         (dlast.outcome = 'FOR_CLIENT') IS TRUE AS dispute_lost,",
        "         (c.ed IS NULL AND datediff('day', c.sd, " + d + ") >= 90",
        "            AND recent.contract_id IS NOT NULL) AS lt_active,",
        "         ((cfb.pr IS NOT NULL OR cfb.ps IS NOT NULL)",
        "            AND (cfb.pr IS NULL OR cfb.pr >= 4.5) AND (cfb.ps IS NULL OR cfb.ps >= 9)) AS good_fb,",
        "         LEAST(8.0, CASE WHEN COALESCE(e.earnings, 0) <= 250 THEN 1.0",
        "                         WHEN COALESCE(e.earnings, 0) <= 1000 THEN 1.25 ELSE 1.5 END",
        "                    + COALESCE(periods.n, 0)) AS weight",
        "  FROM c",
        "  LEFT JOIN earn e USING (contract_id)",
        "  LEFT JOIN cfb USING (contract_id)",
        "  LEFT JOIN bad ON bad.client_id = c.client_id",
        "  LEFT JOIN dopen USING (contract_id)",
        "  LEFT JOIN dlast USING (contract_id)",
        "  LEFT JOIN recent USING (contract_id)",
        "  LEFT JOIN periods USING (contract_id)),",
        // --- outcome: first matching rule (class only; the reason is not needed for the score) ----------
        "o AS (",
        "  SELECT *, CASE",
        "    WHEN bad_client THEN 'EXCLUDED'",
        "    WHEN dispute_open THEN 'EXCLUDED'",
        "    WHEN earnings <= 0 AND end_reason IN ('CLIENT_UNRESPONSIVE', 'SCOPE_OR_BUDGET_CHANGED') THEN 'EXCLUDED'",
        "    WHEN dispute_lost THEN 'NEGATIVE'",
        "    WHEN pr < 4.0 THEN 'NEGATIVE'",
        "    WHEN ps <= 6 THEN 'NEGATIVE'",
        "    WHEN end_reason IN ('FREELANCER_UNRESPONSIVE', 'QUALITY_ISSUES', 'MISSED_DEADLINES') THEN 'NEGATIVE'",
        "    WHEN ed IS NOT NULL AND earnings <= 0 AND good_fb THEN 'EXCLUDED'",
        "    WHEN ed IS NOT NULL AND earnings <= 0 THEN 'NEGATIVE'",
        "    WHEN (lt_active OR (ed IS NOT NULL AND datediff('day', sd, ed) >= 90))",
        "         AND NOT COALESCE(pr < 4.5, FALSE) AND NOT COALESCE(ps < 9, FALSE) THEN 'POSITIVE'",
        "    WHEN ed IS NOT NULL AND pr IS NULL AND ps IS NULL THEN 'EXCLUDED'",
        "    WHEN good_fb THEN 'POSITIVE'",
        "    ELSE 'NEUTRAL' END AS cls",
        "  FROM f),",
        // --- windows -----------------------------------------------------------------------------------
        "w AS (SELECT m, CAST(" + d + " - to_months(m) AS DATE) AS ws FROM (VALUES (6), (12), (24)) t(m)),",
        "cand AS (",
        "  SELECT w.m, o.* FROM o CROSS JOIN w",
        "  WHERE o.cls <> 'EXCLUDED' AND ((o.ed IS NOT NULL AND o.ed >= w.ws) OR o.lt_active)),",
        "wstat AS (",
        "  SELECT freelancer_id, m,",
        "         SUM(weight)::DOUBLE AS tw,",
        "         SUM(CASE WHEN cls = 'POSITIVE' THEN weight ELSE 0 END)::DOUBLE AS pw,",
        "         SUM(CASE WHEN cls = 'NEGATIVE' THEN weight ELSE 0 END)::DOUBLE AS nw,",
        "         COUNT(*) AS n, COUNT(DISTINCT client_id) AS nc",
        "  FROM cand GROUP BY freelancer_id, m),",
        "q AS (",
        "  SELECT freelancer_id, m, GREATEST(0.0, LEAST(100.0, 100.0 * (pw - nw) / tw)) AS score",
        "  FROM wstat WHERE n >= 2 AND nc >= 2),",
        "best AS (",
        "  SELECT freelancer_id, score, m FROM (",
        "    SELECT *, ROW_NUMBER() OVER (PARTITION BY freelancer_id ORDER BY score DESC, m DESC) AS rn",
        "    FROM q) WHERE rn = 1)",
        "SELECT fl.freelancer_id, best.score AS jss,",
        "       CAST(floor(best.score + 0.5 + 1e-9) AS BIGINT) AS jss_display, best.m AS window_months",
        "FROM (SELECT DISTINCT freelancer_id FROM c) fl LEFT JOIN best USING (freelancer_id)",
        "ORDER BY fl.freelancer_id");

    List<String> lines = new ArrayList<>();
    long elapsedMs;
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      st.execute("SET threads = " + threads);
      long t0 = System.nanoTime();
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          String id = rs.getString(1);
          double jss = rs.getDouble(2);
          if (rs.wasNull()) {
            lines.add(csv(id) + ",,,");
          } else {
            long disp = rs.getLong(3);
            int m = rs.getInt(4);
            lines.add(csv(id) + "," + Double.toString(jss) + "," + disp + "," + m);
          }
        }
      }
      elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter wr = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      wr.write("freelancer_id,jss,jss_display,window_months\n");
      for (String line : lines) {
        wr.write(line);
        wr.write('\n');
      }
    }
    System.out.println("duckdb: " + lines.size() + " freelancers, query " + elapsedMs + " ms, threads "
        + threads);
  }

  static String csv(String s) {
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
