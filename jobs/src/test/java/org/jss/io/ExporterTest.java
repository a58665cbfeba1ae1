package org.jss.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jss.Fixtures;
import org.jss.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * The whole-lake export another reader is checked against (notebooks/interop.py): every table found,
 * each with its schema, and values as the table holds them (timestamps to the microsecond, exact cents).
 */
class ExporterTest extends SparkTestBase {
  private static final StructType ROWS =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("at", DataTypes.TimestampType)
          .add("usd", DataTypes.createDecimalType(28, 2));

  @Test
  void exportsEveryTableWithItsSchemaAndMicrosecondTimestamps() throws Exception {
    Path root = tempDir("jss-export-lake");
    Lake lake = new Lake(spark(), root.toString());
    Dataset<Row> rows =
        spark()
            .createDataFrame(
                List.of(
                    RowFactory.create("a", Fixtures.ts("2026-11-22T01:02:03.123456Z"), new BigDecimal("10.05")),
                    RowFactory.create("b", null, new BigDecimal("0.10"))),
                ROWS);
    rows.write().format("delta").save(lake.rawPath("contracts"));
    lake.replaceDate("jss_scores", rows, LocalDate.parse("2026-11-22"));
    Files.createDirectories(root.resolve("scored/not_a_table"));

    assertEquals(List.of("raw/contracts", "scored/jss_scores"), lake.tables());

    Path out = tempDir("jss-export-out");
    Map<String, Long> written = Exporter.exportAll(lake, "json", out);
    assertEquals(Map.of("raw/contracts", 2L, "scored/jss_scores", 2L), written);

    StructType scored = (StructType) DataType.fromJson(Files.readString(out.resolve("scored/jss_scores.schema.json")));
    assertEquals(lake.read(lake.scoredPath("jss_scores")).schema(), scored);
    assertTrue(List.of(scored.fieldNames()).contains(Lake.AS_OF_DATE), "the partition column is in the schema");

    List<String> lines = Files.readAllLines(out.resolve("raw/contracts.json"));
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\"at\":\"2026-11-22T01:02:03.123456Z\""), lines.get(0));
    assertTrue(lines.get(0).contains("\"usd\":10.05"), lines.get(0));
    assertTrue(lines.get(1).contains("\"usd\":0.10"), lines.get(1));
  }
}
