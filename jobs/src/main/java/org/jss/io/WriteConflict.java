package org.jss.io;

import java.time.LocalDate;

/**
 * Another run committed to the same date of a table while this run was writing it, and Delta refused
 * this run's commit. Nothing of this run reached that table; the other run's rows stand whole. Two runs
 * of one date compute the same rows from the same inputs, so running the command again is only needed
 * when this run's own rows (its run id, its rules) are wanted.
 */
public final class WriteConflict extends RuntimeException {
  public WriteConflict(String table, LocalDate asOf, java.util.ConcurrentModificationException cause) {
    super(
        "another run wrote " + table + " for " + asOf + " while this run was writing it; that run's rows"
            + " stand and this run wrote nothing to it (Delta refused the commit: "
            + cause.getClass().getSimpleName() + ")",
        cause);
  }
}
