package org.jss.scoring;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Schemas;
import org.jss.io.Snapshot;
import org.jss.io.TableSpec;
import org.jss.scoring.reference.Marketplace;

/** Turns a reference {@link Marketplace} into the raw Spark tables the pipeline reads. */
public final class ReferenceData {
  private ReferenceData() {}

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  /** Identical rows are dropped, as ingest does. */
  static <T> Dataset<Row> table(SparkSession spark, TableSpec t, List<T> items, Function<T, Row> f) {
    List<Row> rows = new ArrayList<>(new LinkedHashSet<>(items.stream().map(f).toList()));
    return spark.createDataFrame(rows, t.sparkSchema());
  }

  public static Snapshot snapshot(SparkSession spark, Marketplace m, LocalDate asOf) {
    return Snapshot.of(
        asOf,
        table(spark, Schemas.ACCOUNTS, m.accounts(),
            a -> RowFactory.create(a.accountId(), a.role(), ts(a.createdAt()), a.country(), true)),
        table(spark, Schemas.CONTRACTS, m.contracts(),
            c -> RowFactory.create(c.contractId(), c.freelancerId(), c.clientId(), c.contractType(),
                c.category(), ts(c.startedAt()), ts(c.endedAt()), c.endedBy(), c.endReason())),
        table(spark, Schemas.PAYMENTS, m.payments(),
            p -> RowFactory.create(p.paymentId(), p.contractId(), ts(p.paidAt()), p.amountUsd())),
        table(spark, Schemas.ACTIVITY, m.activity(),
            a -> RowFactory.create(a.contractId(), ts(a.occurredAt()), a.actor(), a.kind())),
        table(spark, Schemas.FEEDBACK, m.feedback(),
            f -> RowFactory.create(f.contractId(), f.givenBy(), ts(f.submittedAt()), f.publicRating(),
                f.privateScore())),
        table(spark, Schemas.DISPUTES, m.disputes(),
            d -> RowFactory.create(d.disputeId(), d.contractId(), d.openedBy(), ts(d.openedAt()),
                ts(d.closedAt()), d.outcome(), d.amount())),
        spark.createDataFrame(List.of(), Schemas.ACCOUNT_SIGNALS.sparkSchema()),
        table(spark, Schemas.REVIEW_DECISIONS, m.decisions(),
            d -> RowFactory.create(d.accountId(), d.detector(), ts(d.decidedAt()), d.decision())));
  }
}
