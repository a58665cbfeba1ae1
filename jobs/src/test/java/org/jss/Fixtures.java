package org.jss;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.jss.io.Schemas;
import org.jss.io.Snapshot;
import org.jss.io.TableSpec;

/**
 * Tiny hand-built marketplaces for tests: rows per input table in SPEC column order, turned into typed
 * Datasets and a point-in-time {@link Snapshot}.
 */
public final class Fixtures {
  private final Map<String, List<Row>> rows = new LinkedHashMap<>();

  public static Timestamp ts(String dateOrInstant) {
    if (dateOrInstant == null) {
      return null;
    }
    Instant i =
        dateOrInstant.length() == 10
            ? LocalDate.parse(dateOrInstant).atStartOfDay().toInstant(ZoneOffset.UTC)
            : Instant.parse(dateOrInstant);
    return Timestamp.from(i);
  }

  public static BigDecimal usd(double v) {
    return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP);
  }

  public Fixtures add(TableSpec t, Object... values) {
    rows.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(RowFactory.create(values));
    return this;
  }

  public Fixtures account(String id, String role, String created, String country) {
    return add(Schemas.ACCOUNTS, id, role, ts(created), country, true);
  }

  public Fixtures contract(
      String id, String freelancer, String client, String started, String ended, String endReason) {
    return add(
        Schemas.CONTRACTS, id, freelancer, client, "FIXED", "dev", ts(started), ts(ended),
        ended == null ? null : "CLIENT", endReason);
  }

  public Fixtures payment(String id, String contract, String paid, double amount) {
    return add(Schemas.PAYMENTS, id, contract, ts(paid), usd(amount));
  }

  public Fixtures clientFeedback(String contract, String at, Double rating, Double privateScore) {
    return add(Schemas.FEEDBACK, contract, "CLIENT", ts(at), rating, privateScore);
  }

  public Fixtures freelancerFeedback(String contract, String at, Double rating) {
    return add(Schemas.FEEDBACK, contract, "FREELANCER", ts(at), rating, null);
  }

  public Fixtures dispute(String id, String contract, String opened, String closed, String outcome) {
    return add(Schemas.DISPUTES, id, contract, "CLIENT", ts(opened), ts(closed), outcome, null);
  }

  public Fixtures activity(String contract, String at, String actor, String kind) {
    return add(Schemas.ACTIVITY, contract, ts(at), actor, kind);
  }

  public Fixtures decision(String account, String detector, String at, String decision) {
    return add(Schemas.REVIEW_DECISIONS, account, detector, ts(at), decision);
  }

  public Dataset<Row> table(SparkSession spark, TableSpec t) {
    return spark.createDataFrame(rows.getOrDefault(t.name(), List.of()), t.sparkSchema());
  }

  public Snapshot snapshot(SparkSession spark, LocalDate asOf) {
    return Snapshot.of(
        asOf,
        table(spark, Schemas.ACCOUNTS),
        table(spark, Schemas.CONTRACTS),
        table(spark, Schemas.PAYMENTS),
        table(spark, Schemas.ACTIVITY),
        table(spark, Schemas.FEEDBACK),
        table(spark, Schemas.DISPUTES),
        table(spark, Schemas.ACCOUNT_SIGNALS),
        table(spark, Schemas.REVIEW_DECISIONS));
  }
}
