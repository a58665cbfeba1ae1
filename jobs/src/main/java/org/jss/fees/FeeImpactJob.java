package org.jss.fees;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.io.Lake;
import org.jss.io.Snapshot;

/**
 * The {@code fees impact} job: computes the impact tables over the lake's point-in-time view, writes
 * them with a per-date atomic replace, and returns a summary read back from the written segments (a
 * one-row read, so the replay is not computed twice).
 */
public final class FeeImpactJob {
  private FeeImpactJob() {}

  /** The headline numbers: the {@code all} segment. */
  public record Summary(
      long freelancers,
      BigDecimal grossUsd,
      BigDecimal feeBaselineUsd,
      BigDecimal feeProposalUsd,
      double shareWorseOff,
      BigDecimal medianChangeUsd,
      BigDecimal p10ChangeUsd,
      BigDecimal p90ChangeUsd,
      BigDecimal freelancerSideChangeUsd,
      BigDecimal clientSideChangeUsd,
      BigDecimal platformChangeUsd) {}

  /** What the job wrote. */
  public record Result(
      LocalDate asOf,
      LocalDate since,
      String baseline,
      String proposal,
      String table,
      long freelancerRows,
      long segmentRows,
      Summary summary) {}

  /** The two impact tables of one as-of date, with run bookkeeping, not yet written. */
  public record Tables(Dataset<Row> perFreelancer, Dataset<Row> segments) {}

  /**
   * Computes both tables over a point-in-time view (no action runs here). The per-freelancer replay is
   * persisted: the segments are aggregated from it, so payments are replayed once for both tables (the
   * caller releases it once both are written).
   */
  public static Tables tables(
      Snapshot snap, LocalDate since, FeeSchedule baseline, FeeSchedule proposal, String runId) {
    Dataset<Row> perFreelancer =
        FeeImpact.perFreelancer(
                snap.accounts(), snap.contracts(), snap.payments(), snap.asOf(), since, baseline, proposal)
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    return new Tables(
        FeeImpact.withRun(perFreelancer, runId, baseline, proposal),
        FeeImpact.withRun(FeeImpact.segments(perFreelancer), runId, baseline, proposal));
  }

  /** Computes, writes {@code table} and {@code table_segments} under {@code asOf}, and summarises. */
  public static Result run(
      Lake lake,
      LocalDate asOf,
      LocalDate since,
      FeeSchedule baseline,
      FeeSchedule proposal,
      String table,
      String runId) {
    Tables t = tables(Snapshot.of(lake, asOf), since, baseline, proposal, runId);
    String segTable = table + "_segments";
    lake.replaceDate(table, t.perFreelancer(), asOf);
    long freelancerRows = lake.lastWriteRows(lake.scoredPath(table));
    lake.replaceDate(segTable, t.segments(), asOf);
    long segmentRows = lake.lastWriteRows(lake.scoredPath(segTable));
    lake.spark().catalog().clearCache(); // the persisted replay: both tables are written
    Column thisDate = col(Lake.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf)));
    Dataset<Row> segments = lake.read(lake.scoredPath(segTable)).where(thisDate);
    Row[] all = (Row[]) segments.where(col("segment").equalTo("all")).take(1);
    return new Result(
        asOf, since, baseline.name(), proposal.name(), table, freelancerRows, segmentRows,
        summary(all));
  }

  static Summary summary(Row[] all) {
    if (all.length == 0) {
      BigDecimal z = BigDecimal.ZERO.setScale(2);
      return new Summary(0, z, z, z, 0.0, null, null, null, z, z, z);
    }
    Row r = all[0];
    return new Summary(
        ((Number) r.getAs("freelancers")).longValue(),
        r.getAs("gross_usd"),
        r.getAs("fee_baseline_usd"),
        r.getAs("fee_proposal_usd"),
        r.<Double>getAs("share_worse_off"),
        decimal(r.getAs("median_change_usd")),
        decimal(r.getAs("p10_change_usd")),
        decimal(r.getAs("p90_change_usd")),
        r.getAs("freelancer_side_revenue_change_usd"),
        r.getAs("client_side_revenue_change_usd"),
        r.getAs("platform_revenue_change_usd"));
  }

  private static BigDecimal decimal(Object v) {
    return v == null ? null : BigDecimal.valueOf(((Number) v).doubleValue()).setScale(2, RoundingMode.HALF_UP);
  }
}
