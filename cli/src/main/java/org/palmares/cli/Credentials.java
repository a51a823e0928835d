package org.palmares.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Where the platform is and which personal access token to show it: the flag, else the
 * environment ({@code PALMARES_URL}, {@code PALMARES_TOKEN}), else for the token the file
 * {@code ~/.config/palmares/token} (or under {@code $XDG_CONFIG_HOME}), which must be readable by
 * its owner only, as ssh requires of keys: a token is a password.
 */
record Credentials(String url, String token) {
  static final String DEFAULT_URL = "http://localhost:8080";

  /** Thrown when a token file is open to other users, with the command that fixes it. */
  static final class UnsafeTokenFile extends Exception {
    UnsafeTokenFile(String message) {
      super(message);
    }
  }

  static Credentials resolve(String urlFlag, String tokenFlag, Map<String, String> env, Path home)
      throws IOException, UnsafeTokenFile {
    String url = first(urlFlag, env.get("PALMARES_URL"), DEFAULT_URL).replaceAll("/+$", "");
    String token = first(tokenFlag, env.get("PALMARES_TOKEN"), null);
    if (token == null) {
      Path file = tokenFile(env, home);
      if (Files.isRegularFile(file)) {
        try {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
          if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new UnsafeTokenFile(Texts.of(env).get("token.unsafe", file));
          }
        } catch (UnsupportedOperationException notPosix) {
          // no POSIX permissions here (e.g. Windows): the file's ACL is the user's business
        }
        token = Files.readString(file, StandardCharsets.UTF_8).trim();
      }
    }
    return new Credentials(url, token == null || token.isEmpty() ? null : token);
  }

  static Path tokenFile(Map<String, String> env, Path home) {
    String config = env.get("XDG_CONFIG_HOME");
    return (config == null || config.isBlank() ? home.resolve(".config") : Path.of(config))
        .resolve("palmares").resolve("token");
  }

  private static String first(String a, String b, String fallback) {
    return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : fallback;
  }
}
