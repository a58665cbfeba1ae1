package org.jss.anomaly;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;

import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jss.io.Snapshot;

/**
 * What the detectors share, built once per night from the snapshot so that each input table is scanned
 * once: one row per visible contract with its earnings, the lowest rating each side gave, whether the
 * freelancer lost a dispute on it and the client's account age; and the distinct (account, identifier)
 * pairs from the signals. Both are persisted; the stage's runner clears the cache once the tables are
 * written.
 *
 * @param cutoff the first instant the night does not see (D+1 00:00 UTC)
 */
public record AnomalyInputs(
    Snapshot snapshot,
    Timestamp cutoff,
    Dataset<Row> freelancers,
    Dataset<Row> contracts,
    Dataset<Row> identifiers) {

  public static AnomalyInputs of(Snapshot s) {
    Timestamp cut = Snapshot.cutoff(s.asOf());
    Dataset<Row> freelancers =
        s.accounts()
            .where(col("role").equalTo("FREELANCER"))
            .select(col("account_id").as("freelancer_id"), col("created_at"), col("country"));
    Dataset<Row> clients =
        s.accounts()
            .where(col("role").equalTo("CLIENT"))
            .select(col("account_id").as("client_id"), col("created_at").as("client_created_at"));
    Dataset<Row> earnings =
        s.payments().groupBy("contract_id").agg(sum(col("amount_usd").cast("double")).as("earnings"));
    Dataset<Row> clientRating =
        s.feedback()
            .where(col("given_by").equalTo("CLIENT"))
            .groupBy("contract_id")
            .agg(min("public_rating").cast("double").as("client_rating"));
    Dataset<Row> freelancerRating =
        s.feedback()
            .where(col("given_by").equalTo("FREELANCER"))
            .groupBy("contract_id")
            .agg(min("public_rating").cast("double").as("freelancer_rating"));
    Dataset<Row> lost =
        s.disputes()
            .where(col("outcome").equalTo("FOR_CLIENT"))
            .groupBy("contract_id")
            .agg(count(lit(1)).as("lost_disputes"));
    Dataset<Row> contracts =
        s.contracts()
            .select(
                "contract_id", "freelancer_id", "client_id", "category", "started_at", "ended_at")
            .join(earnings, "contract_id", "left")
            .join(clientRating, "contract_id", "left")
            .join(freelancerRating, "contract_id", "left")
            .join(lost, "contract_id", "left")
            .join(clients, "client_id", "left")
            .withColumn("earnings", org.apache.spark.sql.functions.coalesce(col("earnings"), lit(0.0)))
            .withColumn("lost", col("lost_disputes").isNotNull())
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
