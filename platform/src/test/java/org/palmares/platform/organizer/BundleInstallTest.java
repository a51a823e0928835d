package org.palmares.platform.organizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.account.Account;
import org.palmares.platform.challenge.ChallengeVersion;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Tarballs;

/**
 * Bundle uploads are bounded work: a hostile bundle is refused by its limits, and one organizer's
 * slow bundle never holds up another's install or anyone's ordinary requests. No Docker: nothing
 * is scored here.
 */
class BundleInstallTest {
  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static String adminToken;
  private static Account admin;
  private static int counter;
  /** A thread per task: the common pool may have a single thread on a small machine. */
  private static final java.util.concurrent.ExecutorService THREADS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(work.resolve("challenges"));
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), work.resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
    admin = People.account(platform, "Ada Admin");
    platform.services().accounts().setAdmin(admin.id(), true);
    admin = platform.services().accounts().find(admin.id()).orElseThrow();
    adminToken = People.token(platform, admin);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static Path bundle(String slug, java.util.function.UnaryOperator<String> edit) throws Exception {
    Path dir = Bundles.demoCopy(work.resolve("src" + (++counter)), slug, edit);
    return Tarballs.of(dir, work.resolve("bundle" + counter + ".tgz"));
  }

  @Test
  void aSmallBundleWhoseChallengeYamlEndsInAHundredMebibyteCommentIsRefusedNamingTheLimit() throws Exception {
    Path dir = Bundles.demoCopy(work.resolve("src-bomb"), "bomb", y -> y);
    String yaml = Files.readString(dir.resolve("challenge.yaml"));
    Path archive = work.resolve("bomb.tgz");
    try (OutputStream file = Files.newOutputStream(archive);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file, 1 << 16))) {
      TarArchiveEntry entry = new TarArchiveEntry("bomb/challenge.yaml");
      byte[] comment = ("# " + "x".repeat((1 << 20) - 3) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] head = yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      entry.setSize(head.length + 100L * comment.length);
      tar.putArchiveEntry(entry);
      tar.write(head);
      for (int i = 0; i < 100; i++) {
        tar.write(comment);
      }
      tar.closeArchiveEntry();
    }
    assertThat(Files.size(archive)).as("the upload is small").isLessThan(1L << 20);

    HttpResponse<String> refused = http.send("POST", "/api/challenges", adminToken, archive);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message"))
        .contains("bomb/challenge.yaml unpacks to more than 1 MiB, the limit for challenge.yaml");
    assertThat(http.get("/api/challenges/bomb", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aSymbolicLinkInABundleIsRefusedOverHttp() throws Exception {
    Path dir = Bundles.demoCopy(work.resolve("src-link"), "linked", y -> y);
    Files.delete(dir.resolve("public/train.csv"));
    Files.createSymbolicLink(dir.resolve("public/train.csv"), Path.of("/etc/passwd"));

    HttpResponse<String> refused = http.send("POST", "/api/challenges", adminToken,
        Tarballs.of(dir, work.resolve("linked.tgz")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message"))
        .contains("symbolic link (to /etc/passwd) at linked/public/train.csv");
  }

  @Test
  void whileOneBundleIsStillBeingReadAnotherOrganizersInstallAndOrdinaryRequestsComplete() throws Exception {
    HttpResponse<String> created = http.send("POST", "/api/challenges", adminToken, bundle("other-one", y -> y));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String otherOrganizer = People.organizer(platform, "Olga Other", List.of("other-one"));

    // The slow bundle arrives through a pipe: its install reads as far as the pipe has been fed, then waits.
    byte[] slowBundle = Files.readAllBytes(bundle("slow-one", y -> y));
    Path pipe = work.resolve("slow.pipe");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    CompletableFuture<ChallengeVersion> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return platform.services().challengeService().install(null, pipe, "slow", admin);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, THREADS);
    try (OutputStream feed = Files.newOutputStream(pipe)) { // opens once the install has opened the pipe
      feed.write(slowBundle, 0, slowBundle.length / 2);
      feed.flush();

      Path update = bundle("other-one", y -> y.replace("en: Final phase", "en: Final phase (renamed)"));
      CompletableFuture<HttpResponse<String>> updated = CompletableFuture.supplyAsync(() -> {
        try {
          return http.send("PUT", "/api/challenges/other-one", otherOrganizer, update);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, THREADS);
      assertThat(updated).as("another organizer's install, while the slow one is read")
          .succeedsWithin(Duration.ofMinutes(1)).extracting(HttpResponse::statusCode).isEqualTo(200);
      assertThat(http.get("/api/challenges/other-one", null).body()).contains("Final phase (renamed)");
      assertThat(http.get("/api/challenges", null).statusCode()).isEqualTo(200);
      assertThat(slow).as("the slow bundle is still being read").isNotDone();

      feed.write(slowBundle, slowBundle.length / 2, slowBundle.length - slowBundle.length / 2);
    }
    assertThat(slow).succeedsWithin(Duration.ofMinutes(1)).extracting(ChallengeVersion::slug).isEqualTo("slow-one");
    assertThat(http.get("/api/challenges/slow-one", null).statusCode()).isEqualTo(200);
  }
}
