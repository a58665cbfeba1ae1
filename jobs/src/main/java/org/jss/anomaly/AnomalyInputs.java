package org.jss.anomaly;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_timestamp;

import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jss.io.Snapshot;

/**
 * What the detectors share, built once per night: one row per visible contract from the night's {@code
 * contract_facts} (earnings, the lowest public rating each side gave, whether the freelancer lost a
 * dispute on it) with its duration and the client's account age; and the distinct (account, identifier)
 * pairs from the signals. Contracts, payments, feedback and disputes are not aggregated again here. Both
 * are persisted; the stage's runner clears the cache once the tables are written.
 *
 * @param cutoff the first instant the night does not see (D+1 00:00 UTC)
 */
public record AnomalyInputs(
    Snapshot snapshot,
    Timestamp cutoff,
    Dataset<Row> freelancers,
    Dataset<Row> contracts,
    Dataset<Row> identifiers) {

  /**
   * @param facts the night's {@code contract_facts} (its columns without the run's stamp)
   */
  public static AnomalyInputs of(Snapshot s, Dataset<Row> facts) {
    Timestamp cut = Snapshot.cutoff(s.asOf());
    Dataset<Row> freelancers =
        s.accounts()
            .where(col("role").equalTo("FREELANCER"))
            .select(col("account_id").as("freelancer_id"), col("created_at"), col("country"));
    Dataset<Row> clients =
        s.accounts()
            .where(col("role").equalTo("CLIENT"))
            .select(col("account_id").as("client_id"), col("created_at").as("client_created_at"));
    Dataset<Row> contracts =
        facts
            .select(
                col("contract_id"),
                col("freelancer_id"),
                col("client_id"),
                col("category"),
                col("started_at"),
                col("ended_at"),
                // The exact sum of the visible amounts, as the nearest double.
                col("earnings").cast("double").as("earnings"),
                col("client_min_rating").as("client_rating"),
                col("freelancer_min_rating").as("freelancer_rating"),
                col("lost_disputes").gt(0).as("lost"))
            .join(clients, "client_id", "left")
            .withColumn(
                "duration_days",
                unix_timestamp(col("ended_at")).minus(unix_timestamp(col("started_at"))).divide(86400.0))
            .withColumn(
                "client_age_days",
                unix_timestamp(col("started_at"))
                    .minus(unix_timestamp(col("client_created_at")))
                    .divide(86400.0))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> identifiers =
        s.accountSignals()
            .select(
                col("account_id"),
                explode(
                        array(
                            struct(lit("device").as("kind"), col("device_hash").as("token")),
                            struct(
                                lit("payout fingerprint").as("kind"),
                                col("payment_fingerprint").as("token"))))
                    .as("id"))
            .select(col("account_id"), col("id.kind").as("kind"), col("id.token").as("token"))
            .where(col("token").isNotNull())
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new AnomalyInputs(s, cut, freelancers, contracts, identifiers);
  }
}
