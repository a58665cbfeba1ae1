package org.jss.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress for long-running commands: on a terminal one line is rewritten in place; when output is not a
 * terminal (CI, cron, a pipe) every step is logged as a plain, timestamped line.
 */
public final class Progress {
  private final PrintStream out;
  private final boolean terminal;
  private final Instant start = Instant.now();
  private boolean dirty;

  public Progress(PrintStream out) {
    this(out, System.console() != null);
  }

  Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A transient status (stage, rows so far); replaced by the next one on a terminal. */
  public void status(String what) {
    if (terminal) {
      out.print("\r\033[K" + elapsed() + " " + what);
      out.flush();
      dirty = true;
    } else {
      out.println(elapsed() + " " + what);
    }
  }

  /** A line that stays. */
  public void done(String what) {
    if (terminal && dirty) {
      out.print("\r\033[K");
      dirty = false;
    }
    out.println(elapsed() + " " + what);
  }

  private String elapsed() {
    long s = Duration.between(start, Instant.now()).toSeconds();
    return String.format("[%02d:%02d]", s / 60, s % 60);
  }
}
