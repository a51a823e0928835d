package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.palmares.platform.web.Language;
import org.palmares.platform.web.Page;

/** Which failures are outages of the database or the disk, and how they are answered. */
class UnavailableTest {

  @Test
  void noServerToSelectIsA503WithRetryAfter() {
    ApiException answer = Unavailable.of(new MongoTimeoutException("Timed out while waiting for a server"));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.code()).isEqualTo("database_unavailable");
    assertThat(answer.retryAfterSeconds()).isPositive();
  }

  @Test
  void aBrokenConnectionEvenWrappedIsA503() {
    var broken = new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress("127.0.0.1", 1));

    assertThat(Unavailable.of(new IllegalStateException("while leasing", broken)).status()).isEqualTo(503);
  }

  @Test
  void noSpaceLeftOnTheDeviceIsA507() {
    var full = new io.vertx.core.file.FileSystemException(new IOException("No space left on device"));

    ApiException answer = Unavailable.of(full);

    assertThat(answer.status()).isEqualTo(507);
    assertThat(answer.code()).isEqualTo("insufficient_storage");
    assertThat(Unavailable.of(new UncheckedIOException(new java.nio.file.FileSystemException("/x", null,
        "No space left on device"))).status()).isEqualTo(507);
  }

  @Test
  void bugsAndRefusedWritesAreNotOutages() {
    assertThat(Unavailable.of(new NullPointerException())).isNull();
    assertThat(Unavailable.of(new IOException("Permission denied"))).isNull();
    assertThat(Unavailable.of(new MongoWriteException(new WriteError(11000, "duplicate key", new BsonDocument()),
        new ServerAddress()))).isNull();
  }

  @Test
  void thePageSaysSoInEnglishAndFrench() {
    ApiException away = Unavailable.of(new MongoTimeoutException("away"));

    assertThat(page(away, Language.EN)).contains("<html lang=\"en\"").contains("database is not answering")
        .contains("Try again in 10 seconds");
    assertThat(page(away, Language.FR)).contains("<html lang=\"fr\"").contains("ne répond pas")
        .contains("Réessayez dans 10 secondes");
  }

  private static String page(ApiException failure, Language language) {
    return Failures.refusalPage(new Page(language, null, "/"), failure).toString();
  }
}
