package org.palmares.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded database's socket, wherever the data folder is. */
class MongoConnectionTest {
  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {"data", "Palmarès Data", "a-data-folder-whose-path-is-longer-than-a-unix-socket-path-may-be/"
      + "because-it-is-deep-in-some-operator-s-home/data"})
  void aCommandRunWhileThePlatformServesReachesTheSameDatabase(String folder) throws Exception {
    Path data = work.resolve(folder);
    try (MongoConnection platform = MongoConnection.open(null, data);
         MongoConnection command = MongoConnection.open(null, data)) {
      platform.database().getCollection("probe").insertOne(new Document("_id", "written by the platform"));

      assertThat(command.database().getCollection("probe").find().first()).isNotNull()
          .extracting(d -> d.get("_id")).isEqualTo("written by the platform");
      String uri = Files.readString(data.resolve("db/server.uri"));
      Path socket = Path.of(URLDecoder.decode(uri.substring("mongodb://".length()), StandardCharsets.UTF_8));
      assertThat(socket).exists();
      assertThat(OwnerOnly.mode(socket.getParent())).isEqualTo("rwx------");
    }
  }
}
