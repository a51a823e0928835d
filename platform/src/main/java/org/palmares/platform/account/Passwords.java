package org.palmares.platform.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Locale;

/**
 * Password hashing with argon2id (Password4j), in PHC strings that carry their own salt and
 * parameters, so the parameters can be raised later without invalidating stored hashes.
 */
public final class Passwords {
  /** OWASP's recommended minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
  private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
  public static final int MIN_LENGTH = 10;
  /** Long enough for any passphrase, short enough that hashing it is no denial of service. */
  public static final int MAX_LENGTH = 256;
  /** Verified against when the account does not exist, so timing does not tell which e-mails are registered. */
  private static final String DECOY = hash("decoy password, never matches anything");

  private Passwords() {}

  public static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
  }

  /** Whether {@code password} is the one {@code phc} was made from; a null {@code phc} costs the same and fails. */
  public static boolean matches(String password, String phc) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    String stored = phc == null ? DECOY : phc;
    boolean ok = Password.check(password, stored).with(Argon2Function.getInstanceFromHash(stored));
    return ok && phc != null;
  }

  /**
   * Why {@code password} may not be used, or null when it may. Length is what matters (NIST
   * SP 800-63B): no composition rules, but not the e-mail address itself.
   */
  public static String weakness(String password, String email) {
    if (password == null || password.length() < MIN_LENGTH) {
      return "a password needs at least " + MIN_LENGTH + " characters";
    }
    if (password.length() > MAX_LENGTH) {
      return "a password has at most " + MAX_LENGTH + " characters";
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (email != null && (lower.equals(email) || lower.equals(email.substring(0, Math.max(0, email.indexOf('@')))))) {
      return "a password may not be your e-mail address";
    }
    if (password.chars().distinct().count() < 4) {
      return "a password needs more than three different characters";
    }
    return null;
  }
}
