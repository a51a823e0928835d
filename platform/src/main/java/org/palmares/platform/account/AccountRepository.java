package org.palmares.platform.account;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.storage.Claims;

/**
 * Accounts in MongoDB ({@code accounts}). An e-mail address is claimed by a document in
 * {@code account_emails} whose {@code _id} is the address: the one uniqueness every MongoDB-wire
 * server enforces (the embedded one ignores secondary unique indexes), so two registrations racing
 * for one address cannot both win.
 */
public final class AccountRepository {
  private static final int MAX_EMAIL = 254;
  private static final int MAX_NAME = 80;

  private final MongoCollection<Document> accounts;
  private final MongoCollection<Document> emails;

  public AccountRepository(MongoDatabase db) {
    this.accounts = db.getCollection("accounts");
    this.emails = db.getCollection("account_emails");
  }

  /** Lower-cased and trimmed: how an address is compared and stored. */
  public static String normalizeEmail(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Registers an account. The address is not verified (no mail is sent to check it): it is a login
   * name that organizers can use to reach someone.
   *
   * @throws AccountException INVALID_EMAIL, INVALID_NAME, WEAK_PASSWORD or EMAIL_TAKEN
   */
  public Account register(String email, String name, String password, Instant now) {
    String address = normalizeEmail(email);
    if (!plausibleEmail(address)) {
      throw new AccountException(AccountException.Reason.INVALID_EMAIL,
          "'" + (email == null ? "" : email.trim()) + "' is not an e-mail address");
    }
    String nameProblem = DisplayName.problem(name, MAX_NAME);
    if (nameProblem != null) {
      throw new AccountException(AccountException.Reason.INVALID_NAME, nameProblem + " (shown to your team mates)");
    }
    String display = DisplayName.clean(name, MAX_NAME).orElseThrow();
    String weakness = Passwords.weakness(password, address);
    if (weakness != null) {
      throw new AccountException(AccountException.Reason.WEAK_PASSWORD, weakness);
    }
    String id = "acc_" + UUID.randomUUID().toString().replace("-", "");
    // hashed before the claim: a taken address costs the same work as a free one (no timing oracle)
    String passwordHash = Passwords.hash(password);
    if (!Claims.claim(emails, address, new Document("account", id))) {
      throw new AccountException(AccountException.Reason.EMAIL_TAKEN,
          "an account with this e-mail address exists; log in, or use another address");
    }
    accounts.insertOne(new Document("_id", id).append("email", address).append("name", display)
        .append("passwordHash", passwordHash).append("admin", false).append("organizes", List.of())
        .append("createdAt", Date.from(now)).append("passwordChangedAt", Date.from(now)));
    return new Account(id, address, display, false, List.of(), now);
  }

  /** The account whose e-mail and password these are; the same work is done whether or not the address exists. */
  public Optional<Account> authenticate(String email, String password) {
    Document d = findDocumentByEmail(normalizeEmail(email));
    boolean ok = Passwords.matches(password, d == null ? null : d.getString("passwordHash"));
    return ok ? Optional.of(toAccount(d)) : Optional.empty();
  }

  /**
   * Replaces the password after checking the current one.
   *
   * @throws AccountException WRONG_PASSWORD or WEAK_PASSWORD
   */
  public void changePassword(String accountId, String current, String replacement, Instant now) {
    Document d = accounts.find(eq("_id", accountId)).first();
    if (d == null) {
      throw new AccountException(AccountException.Reason.UNKNOWN_ACCOUNT, "no such account");
    }
    if (!Passwords.matches(current, d.getString("passwordHash"))) {
      throw new AccountException(AccountException.Reason.WRONG_PASSWORD, "the current password is not right");
    }
    setPassword(accountId, d.getString("email"), replacement, now);
  }

  /**
   * Replaces a forgotten password with a random one, returned once (an operator's recovery path:
   * when the platform has no SMTP relay to send a reset link).
   */
  public String resetPassword(String accountId, Instant now) {
    Account account = find(accountId).orElseThrow(() -> new AccountException(AccountException.Reason.UNKNOWN_ACCOUNT,
        "no such account"));
    String temporary = org.palmares.platform.auth.BearerToken.generate().substring(4, 28);
    setPassword(accountId, account.email(), temporary, now);
    return temporary;
  }

  /**
   * Replaces the password of an account whose owner proved it otherwise (a reset link).
   *
   * @throws AccountException UNKNOWN_ACCOUNT or WEAK_PASSWORD
   */
  public void setPassword(String accountId, String replacement, Instant now) {
    Account account = find(accountId).orElseThrow(() -> new AccountException(AccountException.Reason.UNKNOWN_ACCOUNT,
        "no such account"));
    setPassword(accountId, account.email(), replacement, now);
  }

  private void setPassword(String accountId, String email, String replacement, Instant now) {
    String weakness = Passwords.weakness(replacement, email);
    if (weakness != null) {
      throw new AccountException(AccountException.Reason.WEAK_PASSWORD, weakness);
    }
    accounts.updateOne(eq("_id", accountId), Updates.combine(Updates.set("passwordHash", Passwords.hash(replacement)),
        Updates.set("passwordChangedAt", Date.from(now))));
  }

  public Optional<Account> find(String id) {
    return Optional.ofNullable(accounts.find(eq("_id", id)).first()).map(AccountRepository::toAccount);
  }

  public Optional<Account> findByEmail(String email) {
    return Optional.ofNullable(findDocumentByEmail(normalizeEmail(email))).map(AccountRepository::toAccount);
  }

  /** The display names of these accounts, in the same order (for team member lists). */
  public List<String> names(List<String> ids) {
    return ids.stream().map(id -> find(id).map(Account::name).orElse("(deleted account)")).toList();
  }

  public void setAdmin(String accountId, boolean admin) {
    accounts.updateOne(eq("_id", accountId), Updates.set("admin", admin));
  }

  /** Makes the account an organizer of {@code slug}; false if it already was. */
  public boolean grantOrganizer(String accountId, String slug) {
    return accounts.updateOne(eq("_id", accountId), Updates.addToSet("organizes", slug)).getModifiedCount() > 0;
  }

  /** Removes the organizer role on {@code slug}; false if the account did not hold it. */
  public boolean revokeOrganizer(String accountId, String slug) {
    return accounts.updateOne(eq("_id", accountId), Updates.pull("organizes", slug)).getModifiedCount() > 0;
  }

  /** Accounts that organize {@code slug} (admins aside). */
  public List<Account> organizersOf(String slug) {
    return accounts.find(eq("organizes", slug)).map(AccountRepository::toAccount).into(new java.util.ArrayList<>());
  }

  /** The stored password hash: for tests that check nothing but a hash is at rest. */
  String storedPasswordHash(String accountId) {
    Document d = accounts.find(eq("_id", accountId)).first();
    return d == null ? null : d.getString("passwordHash");
  }

  private Document findDocumentByEmail(String address) {
    Document claim = emails.find(eq("_id", address)).first();
    return claim == null ? null : accounts.find(eq("_id", claim.getString("account"))).first();
  }

  /** Syntax only, on purpose: one {@code @}, no spaces, a dotted domain. Deliverability is not checkable here. */
  private static boolean plausibleEmail(String address) {
    int at = address.indexOf('@');
    return address.length() <= MAX_EMAIL && at > 0 && at == address.lastIndexOf('@') && at < address.length() - 1
        && address.chars().noneMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))
        && address.substring(at + 1).matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");
  }

  private static Account toAccount(Document d) {
    return new Account(d.getString("_id"), d.getString("email"), d.getString("name"), d.getBoolean("admin", false),
        d.getList("organizes", String.class, List.of()), d.getDate("createdAt").toInstant());
  }
}
