package org.palmares.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.audit.AuditLog;
import org.palmares.platform.storage.MongoConnection;
import picocli.CommandLine;

/** The command line's role changes, against the embedded database of a data folder. */
class MainTest {
  @TempDir Path data;

  @Test
  void grantAdminMakesARegisteredAccountAnAdminAndRecordsIt() throws Exception {
    try (MongoConnection mongo = MongoConnection.open(null, data)) {
      new AccountRepository(mongo.database()).register("ada@example.org", "Ada", "a long enough passphrase",
          Instant.now());
    }

    int granted = new CommandLine(new Main()).execute("grant-admin", "--data", data.toString(), "--email",
        "ADA@example.org");
    int unknown = new CommandLine(new Main()).execute("grant-admin", "--data", data.toString(), "--email",
        "nobody@example.org");

    assertThat(granted).isZero();
    assertThat(unknown).isEqualTo(2);
    try (MongoConnection mongo = MongoConnection.open(null, data)) {
      assertThat(new AccountRepository(mongo.database()).findByEmail("ada@example.org").orElseThrow().admin()).isTrue();
      assertThat(new AuditLog(mongo.database(), java.time.Clock.systemUTC()).ofPlatform())
          .singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("grant admin");
            assertThat(e.target()).isEqualTo("Ada <ada@example.org>");
            assertThat(e.who()).startsWith("command line");
          });
    }
  }

  @Test
  void releaseIsASubcommandOfPalmaresAtASite() throws Exception {
    // the site's operator uses the same jar: `palmares release list --outbox DIR`
    CommandLine cli = new CommandLine(new Main());
    java.io.StringWriter out = new java.io.StringWriter();
    cli.setOut(new java.io.PrintWriter(out));
    int code = cli.execute("release", "list", "--outbox", data.resolve("outbox").toString());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("No result in " + data.resolve("outbox"));
    assertThat(new CommandLine(new Main()).execute("release", "show", "sub_x.1", "--outbox",
        data.resolve("outbox").toString())).isEqualTo(1);
  }

  @Test
  void resetPasswordPrintsANewPasswordOnceAndEndsTheSessions() throws Exception {
    String accountId;
    String session;
    try (MongoConnection mongo = MongoConnection.open(null, data)) {
      AccountRepository accounts = new AccountRepository(mongo.database());
      var ada = accounts.register("ada@example.org", "Ada", "a long enough passphrase", Instant.now());
      accountId = ada.id();
      session = new org.palmares.platform.account.Sessions(mongo.database(), accounts).open(ada, Instant.now())
          .cookieSecret();
    }
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute("reset-password", "--data", data.toString(), "--email",
          "ada@example.org");
    } finally {
      System.setOut(stdout);
    }
    String temporary = printed.toString(java.nio.charset.StandardCharsets.UTF_8).trim();

    assertThat(code).isZero();
    assertThat(temporary).hasSize(24);
    try (MongoConnection mongo = MongoConnection.open(null, data)) {
      AccountRepository accounts = new AccountRepository(mongo.database());
      assertThat(accounts.authenticate("ada@example.org", "a long enough passphrase")).isEmpty();
      assertThat(accounts.authenticate("ada@example.org", temporary)).map(a -> a.id()).contains(accountId);
      assertThat(new org.palmares.platform.account.Sessions(mongo.database(), accounts).find(session, Instant.now()))
          .isEmpty();
      assertThat(new AuditLog(mongo.database(), java.time.Clock.systemUTC()).ofPlatform())
          .anySatisfy(e -> assertThat(e.action()).isEqualTo("reset password"));
    }
  }
}
