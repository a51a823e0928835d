package org.palmares.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Secrets the platform hands out (personal access tokens, session cookies, CSRF tokens, evaluator
 * tokens): 256 random bits, shown once. Only their SHA-256 is stored: with that much entropy a fast
 * hash is enough (no dictionary to try), and a lookup stays a single key hit.
 */
public final class BearerToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "plm_";

  private BearerToken() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String token) {
    return DigestUtils.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
  }
}
