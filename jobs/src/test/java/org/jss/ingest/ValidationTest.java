package org.jss.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.io.RowHash;
import org.jss.io.Schemas;
import org.jss.io.SourceFiles;
import org.jss.io.SourceFiles.Format;
import org.jss.io.TableSpec;
import org.jss.io.TableSpec.Reference;
import org.junit.jupiter.api.Test;

class ValidationTest extends SparkTestBase {

  @Test
  void everyRuleIsListedInRuleOrderAndNoWideRowIsSortedOrShuffled() throws IOException {
    Path dir = tempDir("validation");
    Files.writeString(
        dir.resolve("contracts.csv"),
        """
        contract_id,freelancer_id,client_id,contract_type,category,started_at,ended_at
        k1,f1,,WEEKLY,dev,2999-01-01,2025-01-01
        k2,f1,c1,FIXED,dev,2025-01-01,
        k2,f1,c1,HOURLY,dev,2025-01-01,
        """);
    TableSpec spec = Schemas.CONTRACTS;
    Dataset<Row> rows =
        SourceFiles.open(spark(), dir.resolve("contracts.csv").toString(), Format.CSV, spec);
    Dataset<Row> noAccounts = spark().createDataFrame(List.of(), Schemas.ACCOUNTS.sparkSchema());
    Instant now = Instant.parse("2026-03-05T00:00:00Z");
    Dataset<Row> parsed = Validation.parse(spec, rows, now);
    List<Dataset<Row>> unknown = new ArrayList<>();
    for (Reference ref : spec.refs()) {
      unknown.add(Validation.unknownReferences(parsed, ref, noAccounts));
    }
    Dataset<Row> flagged = Validation.withReferences(spec, parsed, unknown);
    Dataset<Row> facts =
        Validation.keyFacts(
            spec,
            flagged,
            spark().createDataFrame(List.of(), spec.sparkSchema()).withColumn(
                RowHash.COLUMN, RowHash.ofTyped(spec)));

    String parsePlan = parsed.queryExecution().executedPlan().toString();
    assertEquals(1, count(parsePlan, "FileScan csv"), "parsing is one scan:\n" + parsePlan);
    assertEquals(0, count(parsePlan, "Exchange"), "parsing is one projection:\n" + parsePlan);
    String factsPlan = facts.queryExecution().executedPlan().toString();
    assertEquals(
        0,
        count(factsPlan, "SortAggregate") + count(factsPlan, "ObjectHashAggregate"),
        "key facts are hash aggregates over numeric buffers:\n" + factsPlan);

    Map<String, List<String>> rules = new LinkedHashMap<>();
    for (Row r : Validation.quarantineRows(spec, flagged, facts, true).collectAsList()) {
      rules.put(r.getAs("contract_id") + "/" + r.getAs("contract_type"), r.getList(r.fieldIndex(Validation.RULES)));
    }
    assertEquals(
        List.of(
            "MISSING_REQUIRED",
            "ENUM_OUT_OF_RANGE",
            "ENDED_BEFORE_STARTED",
            "FUTURE_TIMESTAMP",
            "UNKNOWN_REFERENCE"),
        rules.get("k1/WEEKLY"),
        "client_id empty, WEEKLY, ended before started, started in 2999, f1 unknown");
    assertEquals(
        List.of("DUPLICATE_KEY_CONFLICT", "UNKNOWN_REFERENCE"),
        rules.get("k2/FIXED"),
        "k2 twice with two contents, and f1 unknown");
    assertEquals(3, rules.size(), "every row breaks a rule here: " + rules);
  }

  private static int count(String plan, String operator) {
    Matcher m = Pattern.compile(Pattern.quote(operator)).matcher(plan);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
