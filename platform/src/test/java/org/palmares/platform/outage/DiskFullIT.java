package org.palmares.platform.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;

/**
 * The blob store on a small, full file system (an 8 MiB tmpfs mounted as the platform's blob
 * folder): an upload that does not fit is refused with 507 in the error shape, leaves no file
 * behind and gives its quota slot back, so the next upload that fits is accepted.
 */
class DiskFullIT {
  private static final String SLUG = "disk-demo";

  @TempDir Path work;
  private Path blobs;
  private boolean mounted;
  private Platform platform;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    blobs = Files.createDirectories(work.resolve("data/blobs"));
    // the platform starts only on an owner-only data folder (the tmpfs below is mounted 0700 too)
    Files.setPosixFilePermissions(work.resolve("data"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", blobs.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + said.trim());
  }

  @AfterEach
  void unmount() throws Exception {
    if (platform != null) {
      platform.close();
    }
    if (mounted) {
      new ProcessBuilder("umount", blobs.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUploadThatDoesNotFitIsRefusedWith507AndLeavesNothingAndTheNextOneThatFitsIsAccepted() throws Exception {
    // one submission a day in the final phase: the second upload passes only if the first gave its slot back
    Bundles.demoCopy(work.resolve("challenges"), SLUG,
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 1, total: 100}"));
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), work.resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    Http http = new Http(platform.port());
    String token = People.competitor(platform, SLUG, "team-disk");
    Path tooBig = ImageArchives.fake(work.resolve("big.tar"), 12L * 1024 * 1024);
    Path small = ImageArchives.fake(work.resolve("small.tar"), 256 * 1024);

    HttpResponse<String> refused = http.upload(SLUG, token, tooBig);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
    JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("insufficient_storage");
    assertThat(error.getString("message")).contains("disk is full").contains("does not count against your quota");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(filesUnder(blobs)).as("nothing half-written: no partial blob, no incoming file").isEmpty();

    HttpResponse<String> accepted = http.upload(SLUG, token, small);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(filesUnder(blobs.resolve("incoming"))).isEmpty();
    assertThat(filesUnder(blobs.resolve("sha256"))).hasSize(1);
  }

  private static java.util.List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
