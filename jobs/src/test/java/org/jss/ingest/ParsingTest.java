package org.jss.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.io.ColumnSpec.ColType;
import org.junit.jupiter.api.Test;

class ParsingTest extends SparkTestBase {

  /** Parses each text with the given parser; rows come back in input order. */
  private static List<Row> parse(ColType type, List<String> texts) {
    Dataset<Row> in = spark().createDataset(texts, Encoders.STRING()).toDF("s");
    Column parsed = Parsing.parse(type, Parsing.normalized(col("s")));
    return in.select(col("s"), parsed.as("v")).collectAsList();
  }

  @Test
  void timestampFormsOfSpecSection3ParseToTheRightInstants() {
    List<String> texts =
        List.of(
            "2026-03-04",
            "2026-03-04T10:15:00",
            "2026-03-04T10:15:00Z",
            "2026-03-04T12:15:00+02:00",
            "2026-03-04 10:15:00",
            "2026-03-04T10:15:00.250Z",
            " 2026-03-04T05:15:00-05:00 ");
    List<Instant> expected =
        List.of(
            Instant.parse("2026-03-04T00:00:00Z"),
            Instant.parse("2026-03-04T10:15:00Z"),
            Instant.parse("2026-03-04T10:15:00Z"),
            Instant.parse("2026-03-04T10:15:00Z"),
            Instant.parse("2026-03-04T10:15:00Z"),
            Instant.parse("2026-03-04T10:15:00.250Z"),
            Instant.parse("2026-03-04T10:15:00Z"));
    List<Row> rows = parse(ColType.TIMESTAMP, texts);
    for (int i = 0; i < texts.size(); i++) {
      Timestamp ts = rows.get(i).getTimestamp(1);
      assertEquals(expected.get(i), ts == null ? null : ts.toInstant(), "parsing '" + texts.get(i) + "'");
    }
  }

  @Test
  void malformedTimestampsAreNull() {
    List<String> texts =
        List.of("2026-02-30", "2026-03-04T25:00:00", "03/04/2026", "2026", "2026-03", "yesterday",
            "2026-03-04Z");
    List<Row> rows = parse(ColType.TIMESTAMP, texts);
    for (int i = 0; i < texts.size(); i++) {
      assertNull(rows.get(i).get(1), "'" + texts.get(i) + "' must not parse");
    }
  }

  @Test
  void moneyIsDecimalUsdWithADotAndAtMostCents() {
    List<Row> rows = parse(ColType.MONEY, List.of("100.50", "-20", "0.5", "12.345", "1,50", "$3", ""));
    assertEquals(new BigDecimal("100.50"), rows.get(0).getDecimal(1));
    assertEquals(new BigDecimal("-20.00"), rows.get(1).getDecimal(1));
    assertEquals(new BigDecimal("0.50"), rows.get(2).getDecimal(1));
    for (int i = 3; i < rows.size(); i++) {
      assertNull(rows.get(i).get(1), "'" + rows.get(i).getString(0) + "' must not parse as money");
    }
  }

  @Test
  void booleansAndDoubles() {
    List<Row> b = parse(ColType.BOOLEAN, List.of("true", "FALSE", "yes", "1"));
    assertEquals(true, b.get(0).get(1));
    assertEquals(false, b.get(1).get(1));
    assertNull(b.get(2).get(1), "yes is not a boolean");
    assertNull(b.get(3).get(1), "1 is not a boolean");
    List<Row> d = parse(ColType.DOUBLE, List.of("4.5", "-1e2", "NaN", "4,5"));
    assertEquals(4.5, d.get(0).getDouble(1));
    assertEquals(-100.0, d.get(1).getDouble(1));
    assertNull(d.get(2).get(1), "NaN is not a rating");
    assertNull(d.get(3).get(1), "a comma is not a decimal separator");
  }
}
