package org.jss.base;

/**
 * A problem the user can fix: a bad option, configuration value, missing file or column. The CLI prints
 * the message and exits 2, never a stack trace. Messages say what is wrong and how to fix it.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
