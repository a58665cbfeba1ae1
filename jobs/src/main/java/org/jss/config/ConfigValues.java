package org.jss.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.jss.base.UserError;

/**
 * Values read from a YAML file, flattened to dotted keys ({@code weight: {max: 8}} is {@code weight.max}),
 * and resolved against declared {@link Setting}s: file over default, every value validated, and a key the
 * declarations do not know is an error (a typo must not silently fall back to a default).
 */
public final class ConfigValues {
  private final String source;
  private final Map<String, Object> values;

  private ConfigValues(String source, Map<String, Object> values) {
    this.source = source;
    this.values = values;
  }

  public static ConfigValues empty(String source) {
    return new ConfigValues(source, Map.of());
  }

  public static ConfigValues load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("config file not found: " + file);
    }
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; {@code source} names it in error messages (a file path or a resource). */
  public static ConfigValues parse(String source, String yaml) {
    try {
      Object tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
      Map<String, Object> flat = new LinkedHashMap<>();
      if (tree instanceof Map<?, ?> m) {
        flatten("", m, flat);
      } else if (tree != null) {
        throw new UserError(source + ": expected a YAML mapping of keys to values");
      }
      return new ConfigValues(source, flat);
    } catch (IOException e) {
      throw new UserError(
          source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** Maps whose keys are free-form (like Spark settings) stay maps under their declared key. */
  private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> inner && !key.equals("spark.conf")) {
        flatten(key + ".", inner, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  /** A rules file's name without its folder and {@code .yaml}: what names an unnamed variant. */
  public static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
  }

  /**
   * The name the rules are recorded under: the file's {@code name} key, the default name for built-in
   * rules, or {@code <default>+<file stem>} for a file that does not name itself, so that results under a
   * variant never pass for the default's.
   */
  public String rulesName(Setting<String> name, String fileStem) {
    return has(name.key()) || fileStem == null ? get(name) : name.defaultValue() + "+" + fileStem;
  }

  public String source() {
    return source;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Object raw(String key) {
    return values.get(key);
  }

  public <T> T get(Setting<T> s) {
    Object v = values.get(s.key());
    if (v == null) {
      return s.defaultValue();
    }
    T parsed;
    try {
      parsed = s.parser().apply(v);
    } catch (RuntimeException e) {
      throw bad(s, v);
    }
    if (!s.valid().test(parsed)) {
      throw bad(s, v);
    }
    return parsed;
  }

  private UserError bad(Setting<?> s, Object v) {
    return new UserError(source + ": key '" + s.key() + "' must be " + s.rule() + ", got '" + v + "'");
  }

  /** Fails on the first key that is not declared, naming it and the keys that are. */
  public void rejectUnknown(Collection<String> declared) {
    for (String k : values.keySet()) {
      if (!declared.contains(k)) {
        throw new UserError(
            source + ": unknown key '" + k + "'. Known keys: " + String.join(", ", new TreeSet<>(declared)));
      }
    }
  }
}
