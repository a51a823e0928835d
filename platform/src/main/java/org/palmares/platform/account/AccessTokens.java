package org.palmares.platform.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;

/**
 * Personal access tokens ({@code access_tokens}): how a person uses the API (uploads from a
 * terminal, scripts). Each is named, expires, can be revoked, and is shown once: the document's
 * {@code _id} is the token's SHA-256, so a lookup is one key hit and the token itself is never
 * stored.
 */
public final class AccessTokens {
  public static final int MAX_DAYS = 365;
  public static final int DEFAULT_DAYS = 90;
  private static final int MAX_NAME = 60;
  /** At most this many live tokens per person: enough for every machine, not a store of secrets. */
  private static final int MAX_LIVE = 50;

  private final MongoCollection<Document> tokens;
  private final AccountRepository accounts;

  /**
   * What is known of a token, never the token itself.
   *
   * @param id        public identifier (to revoke it)
   * @param name      what its owner called it ("laptop", "CI")
   * @param createdAt when it was made
   * @param expiresAt after this it is refused
   * @param revokedAt when it was revoked, or null
   * @param lastUsedAt when it last authenticated a request (to the minute), or null
   */
  public record AccessToken(String id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt,
      Instant lastUsedAt) {
    public boolean usableAt(Instant t) {
      return revokedAt == null && t.isBefore(expiresAt);
    }
  }

  /** A new token and its secret, shown once. */
  public record Issued(AccessToken token, String secret) {}

  public AccessTokens(MongoDatabase db, AccountRepository accounts) {
    this.tokens = db.getCollection("access_tokens");
    this.accounts = accounts;
  }

  /**
   * Issues a token for {@code accountId}.
   *
   * @throws AccountException INVALID_TOKEN_REQUEST for a missing name, a lifetime out of range or too many live tokens
   */
  public Issued issue(String accountId, String name, int days, Instant now) {
    String label = name == null ? "" : name.strip();
    if (label.isEmpty() || label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
      throw new AccountException(AccountException.Reason.INVALID_TOKEN_REQUEST,
          "name the token (1 to " + MAX_NAME + " characters), e.g. after the machine that will use it");
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new AccountException(AccountException.Reason.INVALID_TOKEN_REQUEST,
          "a token lives 1 to " + MAX_DAYS + " days");
    }
    if (of(accountId).stream().filter(t -> t.usableAt(now)).count() >= MAX_LIVE) {
      throw new AccountException(AccountException.Reason.INVALID_TOKEN_REQUEST,
          "you have " + MAX_LIVE + " live tokens; revoke some first");
    }
    String secret = BearerToken.generate();
    AccessToken token = new AccessToken("pat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), label,
        now, now.plus(Duration.ofDays(days)), null, null);
    tokens.insertOne(new Document("_id", BearerToken.hash(secret)).append("id", token.id())
        .append("account", accountId).append("name", label).append("createdAt", Date.from(now))
        .append("expiresAt", Date.from(token.expiresAt())));
    return new Issued(token, secret);
  }

  /** The account a live token belongs to; empty when the token is unknown, revoked or expired. */
  public Optional<Account> authenticate(String secret, Instant now) {
    Document d = tokens.find(eq("_id", BearerToken.hash(secret))).first();
    if (d == null || !toToken(d).usableAt(now)) {
      return Optional.empty();
    }
    Date lastUsed = d.getDate("lastUsedAt");
    if (lastUsed == null || lastUsed.toInstant().isBefore(now.minus(Duration.ofMinutes(1)))) {
      // to the minute: one write per token per minute, not one per request
      tokens.updateOne(eq("_id", d.getString("_id")), Updates.set("lastUsedAt", Date.from(now)));
    }
    return accounts.find(d.getString("account"));
  }

  /** Every token of the account, newest first (revoked and expired ones included, marked as such). */
  public List<AccessToken> of(String accountId) {
    return tokens.find(eq("account", accountId)).sort(Sorts.descending("createdAt")).map(AccessTokens::toToken)
        .into(new ArrayList<>());
  }

  /**
   * Revokes one of the account's tokens; revoking twice is harmless.
   *
   * @throws AccountException UNKNOWN_TOKEN when the account has no token with that id
   */
  public void revoke(String accountId, String tokenId, Instant now) {
    Document d = tokens.find(and(eq("account", accountId), eq("id", tokenId))).first();
    if (d == null) {
      throw new AccountException(AccountException.Reason.UNKNOWN_TOKEN, "you have no token " + tokenId);
    }
    if (d.getDate("revokedAt") == null) {
      tokens.updateOne(eq("_id", d.getString("_id")), Updates.set("revokedAt", Date.from(now)));
    }
  }

  /** Revokes every live token of the account (after a password change, on request); returns how many. */
  public long revokeAll(String accountId, Instant now) {
    return tokens.updateMany(and(eq("account", accountId), eq("revokedAt", null)), Updates.set("revokedAt", Date.from(now)))
        .getModifiedCount();
  }

  private static AccessToken toToken(Document d) {
    return new AccessToken(d.getString("id"), d.getString("name"), instant(d, "createdAt"), instant(d, "expiresAt"),
        instant(d, "revokedAt"), instant(d, "lastUsedAt"));
  }

  private static Instant instant(Document d, String field) {
    Date date = d.getDate(field);
    return date == null ? null : date.toInstant();
  }
}
