package org.jss.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jss.base.UserError;

/**
 * The reviewers who may sign in to the console: a YAML file of names and password hashes, never
 * passwords. Hashes are PBKDF2 with HMAC-SHA256 from the JDK (210,000 iterations, a 16-byte random salt
 * each, as OWASP's password storage guidance says for that function), written {@code
 * pbkdf2-sha256:ITERATIONS:SALT:HASH} in base64. There is no default reviewer or password: a new file gets
 * one reviewer with a random password shown once ({@link #createWith}).
 */
public final class Reviewers {
  static final int ITERATIONS = 210_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> hashes;

  private Reviewers(Map<String, String> hashes) {
    this.hashes = Map.copyOf(hashes);
  }

  /** Reads the file; a file that names nobody is an error (nobody could sign in). */
  public static Reviewers load(Path file) {
    Map<String, String> out = read(file);
    if (out.isEmpty()) {
      throw new UserError(file + " names no reviewer: add one with `jss serve --add-reviewer NAME`");
    }
    return new Reviewers(out);
  }

  /**
   * Creates {@code file} with one reviewer {@code name} and a random password, returned so that the
   * caller shows it once; refuses if the file exists.
   */
  public static String createWith(Path file, String name) {
    if (Files.exists(file)) {
      throw new UserError(file + " exists already: add reviewers with `jss serve --add-reviewer NAME`");
    }
    String password = randomPassword();
    add(file, name, password);
    return password;
  }

  /** Adds (or replaces) one reviewer in {@code file}, creating the file readable by its owner only. */
  public static void add(Path file, String name, String password) {
    if (!NAME.matcher(name).matches()) {
      throw new UserError("reviewer name '" + name + "': use letters, digits and . _ @ - (at most 64)");
    }
    if (password.length() < 12) {
      throw new UserError("a reviewer's password needs at least 12 characters");
    }
    Map<String, String> all = Files.exists(file) ? read(file) : new LinkedHashMap<>();
    all.put(name, hash(password));
    ObjectNode root = YAML.createObjectNode();
    ArrayNode list = root.putArray("reviewers");
    all.forEach((n, h) -> list.addObject().put("name", n).put("password", h));
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".reviewers", ".yaml");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // A file system without POSIX permissions: the file keeps its default ones.
      }
      Files.writeString(
          tmp,
          "# Reviewers of the jss console: names and PBKDF2-SHA256 password hashes (no passwords).\n"
              + "# Add or reset one: jss serve --reviewers " + file + " --add-reviewer NAME\n"
              + YAML.writeValueAsString(root));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Whether a reviewer of that name exists. */
  public boolean has(String name) {
    return hashes.containsKey(name);
  }

  /** The reviewer's name when the password is theirs. */
  public Optional<String> check(String name, String password) {
    String h = hashes.get(name);
    if (h == null) {
      // Same work for an unknown name, so that timing does not tell which names exist.
      verify(password, DUMMY);
      return Optional.empty();
    }
    return verify(password, h) ? Optional.of(name) : Optional.empty();
  }

  private static final String DUMMY = hash("not a password of anyone");

  private static Map<String, String> read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserError("cannot read the reviewers file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode list = root == null ? null : root.get("reviewers");
    if (list == null || !list.isArray()) {
      throw new UserError(file + ": expected a list under 'reviewers:'");
    }
    int i = 0;
    for (JsonNode r : list) {
      i++;
      String name = r.path("name").asText("");
      String h = r.path("password").asText("");
      if (!NAME.matcher(name).matches() || !h.startsWith("pbkdf2-sha256:") || h.split(":").length != 4) {
        throw new UserError(
            file + ": reviewer " + i + " needs a name and a password hash made by --add-reviewer");
      }
      out.put(name, h);
    }
    return out;
  }

  static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256:" + ITERATIONS + ":" + b64(salt) + ":" + b64(pbkdf2(password, salt, ITERATIONS));
  }

  static boolean verify(String password, String stored) {
    String[] p = stored.split(":");
    byte[] salt = Base64.getDecoder().decode(p[2]);
    byte[] expected = Base64.getDecoder().decode(p[3]);
    return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(p[1])));
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    }
  }

  /** 20 characters from an unambiguous alphabet (about 110 bits). */
  static String randomPassword() {
    String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** A random token for sessions, CSRF and decision ids (256 bits, URL-safe). */
  static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
