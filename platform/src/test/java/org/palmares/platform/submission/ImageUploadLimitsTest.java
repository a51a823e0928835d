package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageBombs;
import org.palmares.platform.testing.People;

/**
 * An image whose layers expand past the phase's caps is refused on upload, through the real HTTP
 * API, before anything can reach an engine: no submission, nothing to lease, the quota slot back.
 */
class ImageUploadLimitsTest {
  private static final String SLUG = "breast-cancer-diagnosis";
  @TempDir static Path work;
  static Platform platform;
  static Http http;
  static Path bomb;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
    bomb = ImageBombs.gzippedLayer(work.resolve("bomb.tar"), 1L << 30); // 1 GiB once decompressed
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void aTwoMegabyteGzippedLayerExpandingToOneGibibyteIsRefusedNamingTheLimit() throws Exception {
    assertThat(Files.size(bomb)).isLessThan(3L << 20);
    String token = People.competitor(platform, SLUG, "bombers");

    HttpResponse<String> r = http.upload(SLUG, token, bomb);

    assertThat(r.statusCode()).isEqualTo(413);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("image_too_large");
    assertThat(error.getString("message")).contains("maxLayerMiB").contains("768 MiB");
    // nothing was queued, so no evaluator can lease it and docker load is never reached
    String team = platform.services().teams().findByName(SLUG, "bombers").orElseThrow().id();
    assertThat(platform.submissions().ofTeam(SLUG, team)).isEmpty();
    assertThat(platform.submissions().lease("w", new Capacity(64, 1L << 40))).isEmpty();
  }

  @Test
  void theRefusalIsSaidInTheReadersLanguageWithTheLimitsValue() throws Exception {
    String token = People.competitor(platform, SLUG, "bombers-fr");

    HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://localhost:" + platform.port() + "/api/challenges/" + SLUG + "/submissions?phase=final"))
        .header("Authorization", "Bearer " + token).header("Accept-Language", "fr")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(bomb)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message"))
        .startsWith("Une couche de l’image dépasse 768 Mio une fois décompressée (maxLayerMiB de cette phase)");
  }
}
