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
}
