package org.jss.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.io.LakeReader;
import org.jss.reporting.ExplainJob;
import org.jss.reporting.Explanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code explain}: one freelancer's score, why, what changed and what would move it. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explains one freelancer's Job Success Score: points lost by factor with the contracts behind them,",
      "what was left out and why, the change since the previous run, inactive contracts and what-ifs.",
      "The freelancer audience never shows private feedback; internal shows every contract."
    })
public final class ExplainCommand implements Callable<Integer> {
  @Mixin LakeOption lakeOption;

  @Option(names = "--freelancer", required = true, paramLabel = "ID", description = "The freelancer's account id.")
  String freelancer;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Run date. Default: the latest run.")
  String asOf;

  @Option(
      names = "--audience",
      paramLabel = "freelancer|internal",
      description = "Who reads it. Default: freelancer.")
  Explanation.Audience audience = Explanation.Audience.FREELANCER;

  @Option(names = "--format", paramLabel = "text|json", description = "Default: text.")
  OutputFormat format = OutputFormat.TEXT;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "The JSS policy the scores were made under (as given to nightly). Default: the built-in policy.")
  String policy;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    LocalDate date = asOf == null ? null : Dates.parse("--as-of", asOf);
    JssPolicy p = JssPolicy.load(policy);
    PipelineConfig config = common.config();
    // No Spark session: the rows of one freelancer are read with Delta Kernel (see ExplainJob).
    LakeReader l = lakeOption.reader(common.hadoopConfiguration(config), config);
    System.out.print(ExplainJob.explain(l, freelancer, date, audience, format == OutputFormat.JSON, p));
    if (format == OutputFormat.JSON) {
      System.out.println();
    }
    return Main.OK;
  }
}
