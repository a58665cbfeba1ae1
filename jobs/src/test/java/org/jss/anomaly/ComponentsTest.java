package org.jss.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jss.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Components are exact whatever their diameter, labelled by their smallest vertex id. */
class ComponentsTest extends SparkTestBase {

  @Test
  void aLongChainIsOneComponentAndSeparateGroupsStaySeparate() {
    List<Row> edges = new ArrayList<>();
    // A chain v09 - v08 - ... - v00 of diameter 9, listed from the far end, and a separate pair.
    for (int i = 9; i > 0; i--) {
      edges.add(RowFactory.create(String.format("v%02d", i), String.format("v%02d", i - 1)));
    }
    edges.add(RowFactory.create("x2", "x1"));
    edges.add(RowFactory.create("solo", "solo"));
    edges.add(RowFactory.create("x1", null));
    StructType schema =
        new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
    Map<String, String> got = new TreeMap<>();
    // Two rounds of propagation could not cross this chain; the driver's union-find does.
    for (Row r : Components.of(spark().createDataFrame(edges, schema), 2).collectAsList()) {
      got.put(r.getString(0), r.getString(1));
    }
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i <= 9; i++) {
      expected.put(String.format("v%02d", i), "v00");
    }
    expected.put("x1", "x1");
    expected.put("x2", "x1");
    expected.put("solo", "solo");
    assertEquals(expected, got);
  }
}
