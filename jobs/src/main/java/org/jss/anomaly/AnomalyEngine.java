package org.jss.anomaly;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluates detectors together over one night's shared {@link AnomalyInputs}: each input table is
 * scanned once into the persisted contract and identifier views, and the flags of all detectors are one
 * union, so writing {@code anomaly_flags} is one job over the shared views.
 */
public final class AnomalyEngine {
  private AnomalyEngine() {}

  public static Dataset<Row> flags(AnomalyInputs in, List<Detector> detectors) {
    Dataset<Row> out = null;
    for (Detector d : detectors) {
      Dataset<Row> f = Flags.conform(d.flags().apply(in));
      out = out == null ? f : out.unionByName(f);
    }
    return out == null ? Flags.of(in.snapshot().accounts().sparkSession(), List.of()) : out;
  }
}
