package org.palmares.platform.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.PlatformProcess;
import org.palmares.platform.testing.StalledUpload;

/**
 * The platform process killed (-9) in the middle of an upload, whose quota slot was taken: at the
 * next start on the same data folder the slot is given back, so the team may submit again.
 */
class UploadCrashIT {
  private static final String SLUG = "crash-quota-demo";

  @TempDir Path work;
  private PlatformProcess platform;

  @AfterEach
  void stop() throws InterruptedException {
    if (platform != null) {
      platform.stop();
    }
  }

  private PlatformProcess serve(int port) throws Exception {
    return PlatformProcess.serve(port, work.resolve("data"), work.resolve("challenges"), work.resolve("platform.log"),
        Map.of(), "--no-evaluator");
  }

  @Test
  void aQuotaSlotHeldByAnUploadCutShortByACrashIsGivenBackAtTheNextStart() throws Exception {
    // one submission a day in the final phase
    Bundles.demoCopy(work.resolve("challenges"), SLUG,
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 1, total: 100}"));
    int port = PlatformProcess.freePort();
    platform = serve(port);
    String token = platform.http().signUp(SLUG, "team-crash");
    Path incoming = work.resolve("data/blobs/incoming");
    StalledUpload.start(port, SLUG, "final", token, ImageArchives.fake(work.resolve("big.tar"), 2 * 1024 * 1024),
        incoming);

    platform.kill();
    platform = serve(port);

    HttpResponse<String> again = platform.http().upload(SLUG, token, ImageArchives.fake(work.resolve("small.tar"), 4096));
    assertThat(again.statusCode()).as("the slot of the upload cut short came back: " + again.body()).isEqualTo(202);
    try (Stream<Path> left = Files.list(incoming)) {
      assertThat(left).as("the cut upload's file is gone").isEmpty();
    }
    assertThat(Files.readString(work.resolve("platform.log"))).contains("Gave back 1 quota slot");
  }
}
