package org.jss.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.jss.base.UserError;
import org.jss.config.PipelineConfig;
import org.jss.fees.ContractTerms;
import org.jss.fees.FeeImpactJob;
import org.jss.fees.FeeImpactStage;
import org.jss.fees.FeeQuote;
import org.jss.fees.FeeSchedule;
import org.jss.fees.FeeSchedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jss fees}: fee-schedule impact over history, and a quote for one payment (SPEC section 8). */
@Command(
    name = "fees",
    mixinStandardHelpOptions = true,
    description = "Fee schedules: impact of a change over history, and a quote for one payment.",
    subcommands = {FeesCommand.Impact.class, FeesCommand.Quote.class})
public final class FeesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: impact or quote (see jss fees --help)");
  }

  /** {@code jss fees impact}: replays history under two schedules and writes the impact tables. */
  @Command(
      name = "impact",
      mixinStandardHelpOptions = true,
      description = {
        "Replays every visible payment under a baseline and a proposal schedule and writes per-freelancer"
            + " (TABLE) and per-segment (TABLE_segments) impact under the as-of date, then prints a summary.",
        "Lifetime billings with a client always count the whole history; --since limits which payments"
            + " are summed."
      })
  static final class Impact implements Runnable {
    @Spec CommandSpec spec;

    @Mixin CommonOptions common;

    @Mixin LakeOption lakeOption;

    @Option(names = "--baseline", required = true, paramLabel = "SCHEDULE",
        description = "Baseline schedule: a name in --schedules (e.g. sliding-2016) or a YAML file.")
    String baseline;

    @Option(names = "--proposal", required = true, paramLabel = "SCHEDULE",
        description = "Proposed schedule: a name in --schedules (e.g. flat-10-2023) or a YAML file.")
    String proposal;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Point in time. Default: today (UTC).")
    String asOf;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD",
        description = "Sum only payments (and contracts started) on or after this date. Default: all.")
    String since;

    @Option(names = "--schedules", paramLabel = "DIR",
        description = "Directory of schedule files. Default: conf/fees (then the copies in the jar).")
    Path schedulesDir;

    @Option(names = "--table", paramLabel = "TABLE", defaultValue = "fee_impact",
        description = "Scored table to write (and TABLE_segments). Default: ${DEFAULT-VALUE}, which the"
            + " nightly 'fees' stage also writes: use another name for a what-if.")
    String table;

    @Override
    public void run() {
      FeeSchedules schedules = new FeeSchedules(schedulesDir);
      FeeSchedule b = schedules.load(baseline);
      FeeSchedule p = schedules.load(proposal);
      LocalDate d = asOf == null ? LocalDate.now(ZoneOffset.UTC) : Dates.parse("--as-of", asOf);
      LocalDate s = since == null ? null : Dates.parse("--since", since);
      if (s != null && s.isAfter(d)) {
        throw new UserError("--since " + s + " is after --as-of " + d);
      }
      if (!table.matches("[a-z][a-z0-9_]*")) {
        throw new UserError("--table expects a lower-case table name (letters, digits, _), got '" + table + "'");
      }
      PipelineConfig config = common.config();
      SparkSession spark = common.session("jss fees impact", config);
      FeeImpactStage stage = new FeeImpactStage(b, p, asOfDate -> s, table);
      FeeImpactJob.Result r =
          FeeImpactJob.run(
              lakeOption.open(spark, config), d, s, stage, new Progress(System.err)::status,
              config.smallLakeBytes());
      print(spec.commandLine().getOut(), r);
    }

    static void print(PrintWriter out, FeeImpactJob.Result r) {
      FeeImpactJob.Summary s = r.summary();
      out.printf(
          "Fee impact as of %s%s: %s -> %s%n",
          r.asOf(), r.since() == null ? "" : " (payments since " + r.since() + ")", r.baseline(), r.proposal());
      out.printf("  freelancers                 %,d%n", s.freelancers());
      out.printf("  gross billed                %s USD%n", money(s.grossUsd()));
      out.printf("  freelancer fees             %s -> %s USD%n", money(s.feeBaselineUsd()), money(s.feeProposalUsd()));
      out.printf("  share worse off             %.1f%%%n", 100 * s.shareWorseOff());
      out.printf("  take-home change, median    %s USD (p10 %s, p90 %s)%n",
          money(s.medianChangeUsd()), money(s.p10ChangeUsd()), money(s.p90ChangeUsd()));
      out.printf("  platform revenue change     %s USD (freelancer side %s, client side %s)%n",
          money(s.platformChangeUsd()), money(s.freelancerSideChangeUsd()), money(s.clientSideChangeUsd()));
      out.printf("Wrote %s (%,d rows) and %s (%,d rows) under as_of_date %s.%n",
          r.table(), r.freelancerRows(), r.table() + "_segments", r.segmentRows(), r.asOf());
      out.flush();
    }

    private static String money(BigDecimal v) {
      return v == null ? "-" : String.format(Locale.ROOT, "%,.2f", v);
    }
  }

  /** {@code jss fees quote}: the fee and take-home of one payment, without Spark. */
  @Command(
      name = "quote",
      mixinStandardHelpOptions = true,
      description = "The fee and take-home of one payment under a schedule, split at tier boundaries.")
  static final class Quote implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--schedule", required = true, paramLabel = "SCHEDULE",
        description = "A schedule name in --schedules (e.g. sliding-2016) or a YAML file.")
    String schedule;

    @Option(names = "--amount", required = true, paramLabel = "USD",
        description = "The payment in USD (negative for a refund).")
    BigDecimal amount;

    @Option(names = "--billed-before", paramLabel = "USD", defaultValue = "0",
        description = "Lifetime billings with this client before the payment. Default: ${DEFAULT-VALUE}.")
    BigDecimal billedBefore;

    @Option(names = "--category", paramLabel = "TEXT", defaultValue = "",
        description = "Contract category (variable schedules only).")
    String category;

    @Option(names = "--contract-type", paramLabel = "HOURLY|FIXED", defaultValue = "FIXED",
        description = "Contract type (variable schedules only). Default: ${DEFAULT-VALUE}.")
    String contractType;

    @Option(names = "--contract-earnings", paramLabel = "USD",
        description = "The contract's earnings (variable schedules only). Default: billed-before + amount.")
    BigDecimal contractEarnings;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
        description = "Output format: text or json. Default: text.")
    OutputFormat format;

    @Option(names = "--schedules", paramLabel = "DIR",
        description = "Directory of schedule files. Default: conf/fees (then the copies in the jar).")
    Path schedulesDir;

    @Override
    public void run() {
      if (amount.stripTrailingZeros().scale() > 2 || billedBefore.stripTrailingZeros().scale() > 2) {
        throw new UserError("--amount and --billed-before are USD with at most 2 decimals (cents)");
      }
      FeeSchedule s = new FeeSchedules(schedulesDir).load(schedule);
      BigDecimal a = amount.setScale(2);
      BigDecimal before = billedBefore.setScale(2);
      ContractTerms terms =
          new ContractTerms(
              category,
              contractType.toUpperCase(Locale.ROOT),
              contractEarnings != null ? contractEarnings : before.add(a));
      FeeQuote q = s.quote(a, before, terms);
      PrintWriter out = spec.commandLine().getOut();
      out.println(format == OutputFormat.JSON ? json(s, q) : text(s, q));
      out.flush();
    }

    static String text(FeeSchedule s, FeeQuote q) {
      StringBuilder b = new StringBuilder();
      b.append(String.format("Schedule %s: %s%n", s.name(), s.freelancerFeeSummary()));
      b.append(String.format("Payment         %12s USD (billed before with this client: %s)%n",
          q.amountUsd().toPlainString(), q.billedBeforeUsd().toPlainString()));
      for (FeeQuote.Part p : q.parts()) {
        String range =
            p.fromUsd() == null && p.upToUsd() == null
                ? "contract rate"
                : p.upToUsd() == null
                    ? "billings above " + p.fromUsd().toPlainString()
                    : "billings " + (p.fromUsd() == null ? "0.00" : p.fromUsd().toPlainString()) + "-"
                        + p.upToUsd().toPlainString();
        b.append(String.format("  %-26s %10s x %-6s = %s%n",
            range, p.amountUsd().toPlainString(), FeeSchedule.percent(p.rate()), p.feeUsd().toPlainString()));
      }
      b.append(String.format("Fee             %12s USD%n", q.feeUsd().toPlainString()));
      b.append(String.format("Take-home       %12s USD%n", q.takeHomeUsd().toPlainString()));
      if (s.client().any()) {
        b.append(String.format("Client processing fee %6s USD (plus any per-contract initiation fee)%n",
            q.clientProcessingFeeUsd().toPlainString()));
      }
      return b.toString().stripTrailing();
    }

    static String json(FeeSchedule s, FeeQuote q) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schedule", s.name());
      m.put("schedule_version", s.version());
      m.put("amount_usd", q.amountUsd());
      m.put("billed_before_usd", q.billedBeforeUsd());
      m.put("fee_usd", q.feeUsd());
      m.put("fee_exact_usd", q.feeExactUsd());
      m.put("take_home_usd", q.takeHomeUsd());
      m.put("client_processing_fee_usd", q.clientProcessingFeeUsd());
      List<Map<String, Object>> parts = new ArrayList<>();
      for (FeeQuote.Part p : q.parts()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("from_usd", p.fromUsd());
        pm.put("up_to_usd", p.upToUsd());
        pm.put("rate", p.rate());
        pm.put("amount_usd", p.amountUsd());
        pm.put("fee_exact_usd", p.feeExactUsd());
        pm.put("fee_usd", p.feeUsd());
        parts.add(pm);
      }
      m.put("parts", parts);
      try {
        return new ObjectMapper()
            .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .writeValueAsString(m);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
