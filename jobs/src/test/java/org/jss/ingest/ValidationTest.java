package org.jss.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jss.SparkTestBase;
import org.jss.io.Schemas;
import org.jss.io.SourceFiles;
import org.jss.io.SourceFiles.Format;
import org.jss.io.TableSpec;
import org.jss.io.TableSpec.Reference;
import org.junit.jupiter.api.Test;

class ValidationTest extends SparkTestBase {

  @Test
  void everyRuleIsEvaluatedInOneScanOfTheInputAndListedInRuleOrder() throws IOException {
    Path dir = tempDir("validation");
    Files.writeString(
        dir.resolve("contracts.csv"),
        """
        contract_id,freelancer_id,client_id,contract_type,category,started_at,ended_at
        k1,f1,,WEEKLY,dev,2999-01-01,2025-01-01
        """);
    TableSpec spec = Schemas.CONTRACTS;
    Dataset<Row> rows =
        SourceFiles.readAsStrings(
            spark(),
            dir.resolve("contracts.csv").toString(),
            Format.CSV,
            spec.columnNames(),
            spec.requiredColumns());
    Dataset<Row> noAccounts = spark().createDataFrame(List.of(), Schemas.ACCOUNTS.sparkSchema());
    Map<Reference, Dataset<Row>> known = new LinkedHashMap<>();
    spec.refs().forEach(r -> known.put(r, noAccounts));
    Dataset<Row> validated =
        Validation.validate(
            spec,
            rows,
            spark().createDataFrame(List.of(), spec.sparkSchema()),
            known,
            Instant.parse("2026-03-05T00:00:00Z"));

    String plan = validated.queryExecution().executedPlan().toString();
    Matcher scans = Pattern.compile("FileScan csv").matcher(plan);
    int n = 0;
    while (scans.find()) {
      n++;
    }
    assertEquals(1, n, "the input file is scanned once:\n" + plan);

    Row r = validated.head();
    assertEquals(
        List.of(
            "MISSING_REQUIRED",
            "ENUM_OUT_OF_RANGE",
            "ENDED_BEFORE_STARTED",
            "FUTURE_TIMESTAMP",
            "UNKNOWN_REFERENCE"),
        r.getList(r.fieldIndex(Validation.RULES)),
        "client_id empty, WEEKLY, ended before started, started in 2999, f1 unknown");
  }
}
