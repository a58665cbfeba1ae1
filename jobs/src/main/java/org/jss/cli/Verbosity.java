package org.jss.cli;

import picocli.CommandLine;

/** Finds whether {@code --verbose} was given anywhere on the command line. */
final class Verbosity {
  private Verbosity() {}

  static boolean isVerbose(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult r = pr; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
