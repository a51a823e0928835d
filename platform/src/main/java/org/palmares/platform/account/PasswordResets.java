package org.palmares.platform.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;
import org.palmares.platform.mail.Mailer;

/**
 * Forgotten passwords, by e-mail when the operator configured SMTP ({@code password_resets}).
 * A reset link carries a random 256-bit secret; the database keeps only its SHA-256, the account
 * and an expiry, so a copy of the database opens no account. A link works once (it is consumed
 * by one atomic delete), for {@link #LIFETIME}, and only the newest one of an account works.
 *
 * <p>No account enumeration: asking for a link answers the same, and as fast, whether or not the
 * address has an account (the message is handed to the mail client without waiting for the
 * relay). Without SMTP the platform sends nothing, and the operator's command
 * ({@code palmares reset-password}) is the way back in.
 */
public final class PasswordResets {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PasswordResets.class);
  /** How long a link works: long enough to reach one's mailbox, short enough to be useless in an old one. */
  public static final Duration LIFETIME = Duration.ofMinutes(30);
  /** One message per account per minute at most, whoever asks: no flooding someone's mailbox through us. */
  static final Duration RESEND_AFTER = Duration.ofMinutes(1);
  /** The path of the page a link opens; the secret follows it. */
  public static final String RESET_PATH = "/password/reset/";

  private final MongoCollection<Document> resets;
  private final AccountRepository accounts;
  private final Sessions sessions;
  private final Mailer mailer;

  /** @param mailer how messages leave, or null when SMTP is not configured */
  public PasswordResets(MongoDatabase db, AccountRepository accounts, Sessions sessions, Mailer mailer) {
    this.resets = db.getCollection("password_resets");
    this.accounts = accounts;
    this.sessions = sessions;
    this.mailer = mailer;
  }

  /** Whether people can reset their own password by e-mail (else they ask the operator). */
  public boolean byEmail() {
    return mailer != null;
  }

  /**
   * Sends a reset link to {@code email} if an account has that address (in {@code language}),
   * and does nothing otherwise; the caller tells the person the same in both cases. Returns at
   * once: the look-up and the message happen on a thread of their own, so the time of the answer
   * says nothing about the address either.
   */
  public void request(String email, Locale language, Instant now) {
    if (mailer == null) {
      return;
    }
    Thread.ofVirtual().name("password-reset").start(() -> {
      try {
        send(email, language, now);
      } catch (RuntimeException e) {
        LOG.warn("A password reset could not be prepared: {}", e.toString());
      }
    });
  }

  private void send(String email, Locale language, Instant now) {
    Optional<Account> found = accounts.findByEmail(email);
    if (found.isEmpty()) {
      return;
    }
    Account account = found.get();
    if (resets.find(and(eq("account", account.id()), gt("createdAt", Date.from(now.minus(RESEND_AFTER))))).first()
        != null) {
      return;
    }
    String secret = BearerToken.generate();
    resets.deleteMany(eq("account", account.id())); // only the newest link works
    resets.insertOne(new Document("_id", BearerToken.hash(secret)).append("account", account.id())
        .append("createdAt", Date.from(now)).append("expiresAt", Date.from(now.plus(LIFETIME))));
    ResourceBundle words = ResourceBundle.getBundle("i18n/mail", language,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    String site = mailer.settings().publicUrl().toString();
    String link = site + RESET_PATH + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    String body = new MessageFormat(words.getString("reset.body"), language)
        .format(new Object[] {account.name(), site, LIFETIME.toMinutes(), link});
    mailer.send(account.email(), words.getString("reset.subject"), body);
  }

  /** Whether {@code secret} is a live link (to show the form, or say at once that the link is dead). */
  public boolean isLive(String secret, Instant now) {
    return secret != null && resets.find(and(eq("_id", BearerToken.hash(secret)), gt("expiresAt", Date.from(now))))
        .first() != null;
  }

  /**
   * Sets {@code newPassword} on the account {@code secret} was sent to, using the link up, and ends
   * every session of the account (whoever was in it is out). A weak password leaves the link usable.
   *
   * @throws AccountException INVALID_RESET (used, expired, replaced or unknown) or WEAK_PASSWORD
   */
  public Account reset(String secret, String newPassword, Instant now) {
    String key = BearerToken.hash(secret == null ? "" : secret.trim());
    Document live = resets.find(and(eq("_id", key), gt("expiresAt", Date.from(now)))).first();
    Account account = live == null ? null : accounts.find(live.getString("account")).orElse(null);
    if (account == null) {
      throw invalid();
    }
    String weakness = Passwords.weakness(newPassword, account.email());
    if (weakness != null) {
      throw new AccountException(AccountException.Reason.WEAK_PASSWORD, weakness);
    }
    // the atomic consumption decides between two uses of one link racing each other
    if (resets.findOneAndDelete(and(eq("_id", key), gt("expiresAt", Date.from(now)))) == null) {
      throw invalid();
    }
    accounts.setPassword(account.id(), newPassword, now);
    sessions.closeOthers(account.id(), null);
    return account;
  }

  /** Deletes expired links (a periodic chore, with the session purge). */
  public long purgeExpired(Instant now) {
    return resets.deleteMany(lt("expiresAt", Date.from(now))).getDeletedCount();
  }

  private static AccountException invalid() {
    return new AccountException(AccountException.Reason.INVALID_RESET,
        "this reset link does not work: it was used, it expired, or a newer one was sent; ask for a new one");
  }
}
