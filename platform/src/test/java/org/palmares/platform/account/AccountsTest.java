package org.palmares.platform.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.testing.MutableClock;

/** Accounts, passwords and personal access tokens, against the embedded database. */
class AccountsTest {
  private static final String PASSWORD = "a long enough passphrase";

  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private AccountRepository accounts;
  private AccessTokens tokens;

  @BeforeEach
  void setUp() throws Exception {
    mongo = MongoConnection.embedded(data.resolve("db"));
    clock = new MutableClock(Instant.parse("2026-06-10T09:00:00Z"));
    accounts = new AccountRepository(mongo.database());
    tokens = new AccessTokens(mongo.database(), accounts);
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  /** Every document of every collection, as JSON: what an attacker with a copy of the database would read. */
  private String wholeDatabase() {
    StringBuilder all = new StringBuilder();
    for (String name : mongo.database().listCollectionNames()) {
      for (Document d : mongo.database().getCollection(name).find()) {
        all.append(d.toJson()).append('\n');
      }
    }
    return all.toString();
  }

  @Test
  void onlyAnArgon2idHashOfThePasswordIsStored() {
    Account ada = accounts.register("Ada@Example.org", "Ada", PASSWORD, clock.instant());

    assertThat(accounts.storedPasswordHash(ada.id())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(wholeDatabase()).doesNotContain(PASSWORD);
    assertThat(accounts.authenticate("ada@example.org", PASSWORD)).map(Account::id).contains(ada.id());
    assertThat(accounts.authenticate(" ADA@example.ORG ", PASSWORD)).isPresent();
    assertThat(accounts.authenticate("ada@example.org", PASSWORD + "!")).isEmpty();
    assertThat(accounts.authenticate("nobody@example.org", PASSWORD)).isEmpty();
  }

  @Test
  void twoAccountsWithOnePasswordGetDifferentHashes() {
    Account a = accounts.register("a@example.org", "A", PASSWORD, clock.instant());
    Account b = accounts.register("b@example.org", "B", PASSWORD, clock.instant());

    assertThat(accounts.storedPasswordHash(a.id())).isNotEqualTo(accounts.storedPasswordHash(b.id()));
  }

  @Test
  void registrationRefusesBadAddressesNamesAndWeakPasswordsWithAReason() {
    assertThatThrownBy(() -> accounts.register("not-an-address", "X", PASSWORD, clock.instant()))
        .isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.INVALID_EMAIL));
    assertThatThrownBy(() -> accounts.register("x@example.org", " ", PASSWORD, clock.instant()))
        .isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.INVALID_NAME));
    assertThatThrownBy(() -> accounts.register("x@example.org", "X", "short", clock.instant()))
        .hasMessageContaining("at least 10 characters");
    assertThatThrownBy(() -> accounts.register("x@example.org", "X", "x@example.org", clock.instant()))
        .hasMessageContaining("e-mail");
    assertThatThrownBy(() -> accounts.register("x@example.org", "X", "aaaaaaaaaaaa", clock.instant()))
        .hasMessageContaining("different characters");
    assertThat(accounts.findByEmail("x@example.org")).isEmpty();
  }

  @Test
  void anAddressCanBeRegisteredOnceEvenByRacingRequests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Account>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String spelling = i % 2 == 0 ? "twin@example.org" : "TWIN@example.org";
      attempts.add(pool.submit((Callable<Account>) () -> accounts.register(spelling, "Twin", PASSWORD, clock.instant())));
    }
    int won = 0;
    int taken = 0;
    for (Future<Account> f : attempts) {
      try {
        f.get();
        won++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOfSatisfying(AccountException.class,
            a -> assertThat(a.reason()).isEqualTo(AccountException.Reason.EMAIL_TAKEN));
        taken++;
      }
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
    assertThat(taken).isEqualTo(7);
    assertThat(mongo.database().getCollection("accounts").countDocuments()).isEqualTo(1);
  }

  @Test
  void changingThePasswordNeedsTheCurrentOne() {
    Account ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());

    assertThatThrownBy(() -> accounts.changePassword(ada.id(), "wrong password", "another good passphrase",
        clock.instant())).isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.WRONG_PASSWORD));
    accounts.changePassword(ada.id(), PASSWORD, "another good passphrase", clock.instant());

    assertThat(accounts.authenticate("ada@example.org", PASSWORD)).isEmpty();
    assertThat(accounts.authenticate("ada@example.org", "another good passphrase")).isPresent();
  }

  @Test
  void aTokenIsStoredOnlyAsItsHashAndShownOnce() {
    Account ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());
    AccessTokens.Issued issued = tokens.issue(ada.id(), "laptop", 30, clock.instant());

    assertThat(issued.secret()).startsWith("plm_").hasSizeGreaterThan(40);
    assertThat(wholeDatabase()).doesNotContain(issued.secret());
    assertThat(tokens.of(ada.id())).extracting(AccessTokens.AccessToken::name).containsExactly("laptop");
    assertThat(tokens.authenticate(issued.secret(), clock.instant())).map(Account::id).contains(ada.id());
    assertThat(tokens.authenticate(issued.secret() + "x", clock.instant())).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefused() {
    Account ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());
    String secret = tokens.issue(ada.id(), "ci", 1, clock.instant()).secret();

    clock.advance(Duration.ofHours(23));
    assertThat(tokens.authenticate(secret, clock.instant())).isPresent();
    clock.advance(Duration.ofHours(1));
    assertThat(tokens.authenticate(secret, clock.instant())).isEmpty();
    assertThat(tokens.of(ada.id()).getFirst().usableAt(clock.instant())).isFalse();
  }

  @Test
  void aRevokedTokenIsRefusedAndOnlyItsOwnerCanRevokeIt() {
    Account ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());
    Account eve = accounts.register("eve@example.org", "Eve", PASSWORD, clock.instant());
    AccessTokens.Issued issued = tokens.issue(ada.id(), "laptop", 30, clock.instant());

    assertThatThrownBy(() -> tokens.revoke(eve.id(), issued.token().id(), clock.instant()))
        .isInstanceOfSatisfying(AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.UNKNOWN_TOKEN));
    assertThat(tokens.authenticate(issued.secret(), clock.instant())).isPresent();

    tokens.revoke(ada.id(), issued.token().id(), clock.instant());
    tokens.revoke(ada.id(), issued.token().id(), clock.instant()); // twice is harmless

    assertThat(tokens.authenticate(issued.secret(), clock.instant())).isEmpty();
    assertThat(tokens.of(ada.id()).getFirst().revokedAt()).isEqualTo(clock.instant());
  }

  @Test
  void tokensNeedANameAndABoundedLifetime() {
    Account ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());

    assertThatThrownBy(() -> tokens.issue(ada.id(), " ", 30, clock.instant())).hasMessageContaining("name the token");
    assertThatThrownBy(() -> tokens.issue(ada.id(), "forever", 10_000, clock.instant()))
        .hasMessageContaining("1 to 365 days");
    assertThat(tokens.of(ada.id())).isEmpty();
  }

  @Test
  void sessionsExpireAndAChangedPasswordEndsTheOthers() {
    Sessions sessions = new Sessions(mongo.database(), accounts);
    Account ada = accounts.register("ada@example.org", "Ada", PASSWORD, clock.instant());
    Sessions.Opened laptop = sessions.open(ada, clock.instant());
    Sessions.Opened phone = sessions.open(ada, clock.instant());

    assertThat(wholeDatabase()).doesNotContain(laptop.cookieSecret());
    assertThat(sessions.find(laptop.cookieSecret(), clock.instant())).map(s -> s.account().id()).contains(ada.id());

    sessions.closeOthers(ada.id(), laptop.session().key());
    assertThat(sessions.find(phone.cookieSecret(), clock.instant())).isEmpty();
    assertThat(sessions.find(laptop.cookieSecret(), clock.instant())).isPresent();

    clock.advance(Sessions.LIFETIME);
    assertThat(sessions.find(laptop.cookieSecret(), clock.instant())).isEmpty();
  }

  @Test
  void repeatedFailedLoginsAreSlowedDownPerAccountAndPerAddress() {
    LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Policy(5, Duration.ofMinutes(15)),
        new LoginThrottle.Policy(8, Duration.ofMinutes(15)), clock);

    for (int i = 0; i < 5; i++) {
      assertThat(throttle.waitBefore("ada@example.org", "10.0.0.1")).isEmpty();
      throttle.failed("ada@example.org", "10.0.0.1");
    }
    // the account is slowed down, from any address; another account from that address is not (yet)
    assertThat(throttle.waitBefore("ada@example.org", "10.0.0.2")).hasValueSatisfying(
        wait -> assertThat(wait).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3)));
    assertThat(throttle.waitBefore("bob@example.org", "10.0.0.1")).isEmpty();
    // one address spraying accounts is slowed down too
    for (int i = 0; i < 3; i++) {
      throttle.failed("user" + i + "@example.org", "10.0.0.1");
    }
    assertThat(throttle.waitBefore("carol@example.org", "10.0.0.1")).isPresent();
    assertThat(throttle.waitBefore("carol@example.org", "10.0.0.3")).isEmpty();

    clock.advance(Duration.ofMinutes(3));
    assertThat(throttle.waitBefore("ada@example.org", "10.0.0.2")).isEmpty();
    throttle.failed("ada@example.org", "10.0.0.2");
    assertThat(throttle.waitBefore("ada@example.org", "10.0.0.2")).isPresent();
  }
}
