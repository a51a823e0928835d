package org.palmares.platform.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;

/**
 * Web sessions ({@code sessions}), kept in the database so they survive a restart and can be
 * ended everywhere at once (a changed password ends the others). The cookie holds a random
 * secret; the database holds its SHA-256, the account, and the session's CSRF token, which every
 * state-changing form must send back.
 */
public final class Sessions {
  /** A session ends this long after login, active or not: a shared computer does not stay logged in for weeks. */
  public static final Duration LIFETIME = Duration.ofDays(7);

  private final MongoCollection<Document> sessions;
  private final AccountRepository accounts;

  /**
   * A live session.
   *
   * @param key     the stored key (SHA-256 of the cookie's secret)
   * @param account who is logged in
   * @param csrf    the token forms carry (synchronizer token pattern)
   * @param flash   a one-time message for the next page, or null
   */
  public record Session(String key, Account account, String csrf, String flash) {}

  /** A new session and the secret its cookie carries. */
  public record Opened(Session session, String cookieSecret) {}

  public Sessions(MongoDatabase db, AccountRepository accounts) {
    this.sessions = db.getCollection("sessions");
    this.accounts = accounts;
  }

  public Opened open(Account account, Instant now) {
    String secret = BearerToken.generate();
    String csrf = BearerToken.generate();
    String key = BearerToken.hash(secret);
    sessions.insertOne(new Document("_id", key).append("account", account.id()).append("csrf", csrf)
        .append("createdAt", Date.from(now)).append("expiresAt", Date.from(now.plus(LIFETIME))));
    return new Opened(new Session(key, account, csrf, null), secret);
  }

  /** The live session a cookie's secret opens, taking its one-time message with it. */
  public Optional<Session> find(String cookieSecret, Instant now) {
    String key = BearerToken.hash(cookieSecret);
    Document d = sessions.find(eq("_id", key)).first();
    if (d == null || !d.getDate("expiresAt").toInstant().isAfter(now)) {
      return Optional.empty();
    }
    // a write only when there is a message to take (once: a concurrent view may find it gone)
    Document taken = d.containsKey("flash")
        ? sessions.findOneAndUpdate(and(eq("_id", key), exists("flash")), Updates.unset("flash")) : null;
    String flash = taken == null ? null : taken.getString("flash");
    return accounts.find(d.getString("account")).map(a -> new Session(key, a, d.getString("csrf"), flash));
  }

  /**
   * The id of the account whose live session a cookie's secret opens, reading nothing else and
   * taking nothing (the edge's rate limits key on it; {@link #find} would take the session's message).
   */
  public Optional<String> accountIdOf(String cookieSecret, Instant now) {
    Document d = sessions.find(eq("_id", BearerToken.hash(cookieSecret))).first();
    return d == null || !d.getDate("expiresAt").toInstant().isAfter(now) ? Optional.empty()
        : Optional.ofNullable(d.getString("account"));
  }

  /** Leaves a message for the next page this session shows (e.g. "token created"). */
  public void flash(String key, String message) {
    sessions.updateOne(eq("_id", key), Updates.set("flash", message));
  }

  public void close(String key) {
    sessions.deleteOne(eq("_id", key));
  }

  /** Ends every session of the account but {@code keepKey} (null: all of them). */
  public void closeOthers(String accountId, String keepKey) {
    sessions.deleteMany(keepKey == null ? eq("account", accountId) : and(eq("account", accountId), ne("_id", keepKey)));
  }

  /** Deletes expired sessions (a periodic chore). */
  public long purgeExpired(Instant now) {
    return sessions.deleteMany(lt("expiresAt", Date.from(now))).getDeletedCount();
  }
}
