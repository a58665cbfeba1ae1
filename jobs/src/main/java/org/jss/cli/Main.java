package org.jss.cli;

import java.io.PrintWriter;
import org.jss.base.RunFailure;
import org.jss.base.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jss} command line. Each subcommand parses its options, builds a session and typed config,
 * calls one job method and reports its result. Exit codes (SPEC section 2): 0 success, 2 bad arguments or
 * configuration, 1 a failed run.
 */
@Command(
    name = "jss",
    mixinStandardHelpOptions = true,
    version = "jss 0.1.0",
    description = "The open trust-scoring pipeline for freelance marketplaces.",
    subcommands = {
      GenerateCommand.class,
      IngestCommand.class,
      NightlyCommand.class,
      ExplainCommand.class,
      ExportCommand.class,
      RunsCommand.class,
      EvaluateCommand.class,
      FeesCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_ARGS = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see jss --help");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("error: " + ex.getMessage());
          err.println("Try: jss " + ex.getCommandLine().getCommandName() + " --help");
          return BAD_ARGS;
        });
    return cl;
  }

  private static int handle(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean verbose = Verbosity.isVerbose(parseResult);
    if (ex instanceof UserError) {
      err.println("error: " + ex.getMessage());
      if (verbose && ex.getCause() != null) {
        ex.getCause().printStackTrace(err);
      }
      return BAD_ARGS;
    }
    if (ex instanceof RunFailure rf) {
      err.println("failed in stage '" + rf.stage() + "': " + rootMessage(rf));
    } else {
      err.println("failed: " + rootMessage(ex));
    }
    if (verbose) {
      ex.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    return FAILED;
  }

  static String rootMessage(Throwable t) {
    String msg = t.getMessage();
    Throwable c = t.getCause();
    while (c != null) {
      if (c.getMessage() != null) {
        msg = msg == null ? c.getMessage() : msg + ": " + firstLine(c.getMessage());
      }
      c = c.getCause() == c ? null : c.getCause();
    }
    return msg == null ? t.getClass().getSimpleName() : msg;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
