package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.remote.ImageCache;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.TcpProxy;

/**
 * A site fetching a submission's image from the platform over real HTTP, without Docker: through a
 * relay that is cut in the middle of the download, it resumes with a Range request (the platform
 * answers 206) instead of starting over; a corrupted download or cached copy is discarded and
 * fetched again; an archive that does not match the job's digest is never handed out.
 */
class ImageTransferTest {
  private static final String SLUG = "breast-cancer-diagnosis";
  /** Large enough that the socket buffers cannot hold the rest of it when the relay is cut. */
  private static final long LAYER_BYTES = 48L << 20;

  @TempDir static Path work;
  private static Platform platform;
  private static TcpProxy relay;
  private static HttpJobChannel site;
  private static String token;
  private static Job job;
  private static Path archive;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false).withLease(Duration.ofHours(1)));
    token = platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), Instant.now()).token();
    relay = new TcpProxy(platform.port());
    site = new HttpJobChannel(URI.create("http://localhost:" + relay.port() + "/"), token);
    String team = People.competitor(platform, SLUG, "transfer-team");
    archive = ImageArchives.fake(work.resolve("image.tar"), LAYER_BYTES);
    HttpResponse<String> r = new Http(platform.port()).upload(SLUG, team, archive);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    job = site.lease("site#1/1", null).orElseThrow();
    assertThat(job.submissionId()).isEqualTo(new JsonObject(r.body()).getString("id"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (relay != null) {
      relay.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aDownloadCutHalfwayResumesFromWhereItStoppedAndIsCheckedBeforeUse() throws Exception {
    ImageCache cache = new ImageCache(work.resolve("cache-resume"), 1L << 32, Duration.ofMillis(100));
    List<Long> asked = new CopyOnWriteArrayList<>();
    List<Long> answeredFrom = new CopyOnWriteArrayList<>();
    ImageCache.Source source = from -> {
      asked.add(from);
      if (asked.size() == 2) {
        relay.restore();
      }
      ImageCache.Ranged r = site.openImage(job, from);
      answeredFrom.add(r.start());
      // the first download: the relay is cut once 4 MiB have come through
      return asked.size() == 1 ? new ImageCache.Ranged(cutAfter(r.body(), 4L << 20), r.start(), r.total()) : r;
    };

    String digest = bare(job.imageDigest());
    try (InputStream in = cache.open(job.imageDigest(), source)) {
      assertThat(DigestUtils.sha256Hex(in)).isEqualTo(digest);
    }
    assertThat(asked).hasSize(2);
    assertThat(asked.get(0)).isZero();
    long resumedAt = asked.get(1);
    assertThat(resumedAt).as("resumed, not started over").isGreaterThanOrEqualTo(4L << 20)
        .isLessThan(Files.size(archive));
    assertThat(answeredFrom.get(1)).as("the platform answered 206 from the byte asked").isEqualTo(resumedAt);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("cache-resume"))))
        .isEqualTo("rwx------");

    // a second use reads the cached copy: nothing asked of the platform
    try (InputStream in = cache.open(job.imageDigest(), source)) {
      assertThat(DigestUtils.sha256Hex(in)).isEqualTo(digest);
    }
    assertThat(asked).hasSize(2);

    // a cached copy damaged on disk is not used: it is fetched again
    Path copy = work.resolve("cache-resume").resolve(digest);
    try (var file = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.WRITE)) {
      file.write(java.nio.ByteBuffer.wrap(new byte[] {42}), Files.size(copy) / 2);
    }
    try (InputStream in = cache.open(job.imageDigest(), source)) {
      assertThat(DigestUtils.sha256Hex(in)).isEqualTo(digest);
    }
    assertThat(asked).hasSize(3);
    assertThat(asked.get(2)).isZero();
  }

  @Test
  void aCorruptedDownloadIsDiscardedAndFetchedAgain() throws Exception {
    ImageCache cache = new ImageCache(work.resolve("cache-corrupt"), 1L << 32, Duration.ofMillis(100));
    List<Long> asked = new CopyOnWriteArrayList<>();
    ImageCache.Source source = from -> {
      asked.add(from);
      ImageCache.Ranged r = site.openImage(job, from);
      return asked.size() == 1 ? new ImageCache.Ranged(flipByte(r.body(), 1000), r.start(), r.total()) : r;
    };
    try (InputStream in = cache.open(job.imageDigest(), source)) {
      assertThat(DigestUtils.sha256Hex(in)).isEqualTo(bare(job.imageDigest()));
    }
    assertThat(asked).containsExactly(0L, 0L);
  }

  @Test
  void anArchiveThatDoesNotMatchTheJobsDigestIsNeverHandedOut() throws Exception {
    Path folder = work.resolve("cache-mismatch");
    ImageCache cache = new ImageCache(folder, 1L << 32, Duration.ofMillis(100));
    String other = DigestUtils.sha256Hex("another image");
    assertThatThrownBy(() -> cache.open(other, from -> site.openImage(job, from)))
        .isInstanceOf(ImageCache.DigestMismatchException.class)
        .hasMessageContaining("not the job's " + other).hasMessageContaining("not run");
    try (var left = Files.list(folder)) {
      assertThat(left).as("nothing of it is kept").isEmpty();
    }
  }

  @Test
  void thePlatformAnswersRangesOfTheImageWith206And416() throws Exception {
    String path = "/api/evaluator/jobs/" + job.submissionId() + "/image?worker="
        + java.net.URLEncoder.encode(job.worker(), java.nio.charset.StandardCharsets.UTF_8) + "&attempt=" + job.attempt();
    long size = Files.size(archive);
    HttpResponse<byte[]> part = get(path, "bytes=10-19");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + size);
    byte[] expected = new byte[10];
    try (InputStream in = Files.newInputStream(archive)) {
      in.skipNBytes(10);
      in.readNBytes(expected, 0, 10);
    }
    assertThat(part.body()).isEqualTo(expected);
    HttpResponse<byte[]> beyond = get(path, "bytes=" + size + "-");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
    HttpResponse<byte[]> whole = get(path, null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(whole.body()).hasSize((int) size);
  }

  private static HttpResponse<byte[]> get(String path, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .header("Authorization", "Bearer " + token).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The stream as it comes, the relay being cut once {@code after} bytes were read from it. */
  private static InputStream cutAfter(InputStream in, long after) {
    return new FilterInputStream(in) {
      long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && read < after && (read += n) >= after) {
          relay.cut();
        }
        return n;
      }
    };
  }

  /** The stream with its byte at {@code position} changed (a corruption on the way). */
  private static InputStream flipByte(InputStream in, long position) {
    return new FilterInputStream(in) {
      long at;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && at <= position && position < at + n) {
          b[off + (int) (position - at)] ^= 0x5a;
        }
        at += Math.max(0, n);
        return n;
      }
    };
  }

  private static String bare(String digest) {
    return digest.startsWith("sha256:") ? digest.substring(7) : digest;
  }
}
