package org.jss.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.jss.base.UserError;

/** Parses dates given on the command line, with a message naming the option. */
public final class Dates {
  private Dates() {}

  public static LocalDate parse(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserError(option + " expects a date as YYYY-MM-DD, got '" + value + "'");
    }
  }
}
