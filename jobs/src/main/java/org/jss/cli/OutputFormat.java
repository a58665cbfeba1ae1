package org.jss.cli;

/**
 * What {@code explain}, {@code evaluate} and {@code fees quote} print: {@code --format text|json}, parsed
 * by picocli (any case), which names the option and the values on a bad one (exit 2).
 */
enum OutputFormat {
  TEXT,
  JSON
}
