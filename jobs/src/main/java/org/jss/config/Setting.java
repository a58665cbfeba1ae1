package org.jss.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: its default, how a YAML value is parsed, and the rule a value
 * must satisfy, described in words for the error message.
 */
public record Setting<T>(
    String key, T defaultValue, Function<Object, T> parser, Predicate<T> valid, String rule) {

  public static Setting<Integer> integer(String key, int def, int min, int max) {
    return new Setting<>(
        key,
        def,
        v -> v instanceof Number n ? Integer.valueOf(n.intValue()) : Integer.valueOf(v.toString().trim()),
        v -> v >= min && v <= max,
        "a whole number from " + min + " to " + max);
  }

  public static Setting<Double> decimal(String key, double def, double min, double max) {
    return new Setting<>(
        key,
        def,
        v -> v instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(v.toString().trim()),
        v -> v >= min && v <= max && !v.isNaN(),
        "a number from " + min + " to " + max);
  }

  public static Setting<Boolean> bool(String key, boolean def) {
    return new Setting<>(
        key,
        def,
        v -> {
          if (v instanceof Boolean b) {
            return b;
          }
          String t = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
          if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("not a boolean");
          }
          return Boolean.valueOf(t);
        },
        v -> true,
        "true or false");
  }

  public static Setting<String> text(String key, String def) {
    return new Setting<>(key, def, Object::toString, v -> !v.isBlank(), "a non-empty text");
  }

  public static Setting<String> oneOf(String key, String def, String... values) {
    java.util.List<String> allowed = java.util.List.of(values);
    return new Setting<>(
        key, def, v -> v.toString().trim(), allowed::contains, "one of " + String.join(", ", values));
  }
}
