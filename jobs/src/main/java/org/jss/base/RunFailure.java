package org.jss.base;

/** A run that started and failed: the CLI prints the stage and the cause and exits 1. */
public class RunFailure extends RuntimeException {
  private final String stage;

  public RunFailure(String stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  public String stage() {
    return stage;
  }
}
