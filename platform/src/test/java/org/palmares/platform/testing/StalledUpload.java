package org.palmares.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * An image upload in flight: the first half of the archive is sent, the rest only once
 * {@link #finish} is called. Started when its quota slot is taken and its file is streaming
 * into the platform's {@code incoming} folder.
 */
public final class StalledUpload {
  private final CountDownLatch rest = new CountDownLatch(1);
  private final CompletableFuture<HttpResponse<String>> response;

  private StalledUpload(int port, String slug, String phase, String token, byte[] archive) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    response = client.sendAsync(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/challenges/" + slug + "/submissions?phase=" + phase))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> halfThenRest(archive))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Starts uploading {@code archive}; returns once the platform took its slot and streams it to {@code incoming}. */
  public static StalledUpload start(int port, String slug, String phase, String token, Path archive, Path incoming)
      throws IOException, InterruptedException {
    StalledUpload upload = new StalledUpload(port, slug, phase, token, Files.readAllBytes(archive));
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (upload.response.isDone()) {
        throw new AssertionError("the upload ended before it was stalled: " + upload.response.join().body());
      }
      if (Files.isDirectory(incoming)) {
        try (Stream<Path> files = Files.list(incoming)) {
          if (files.findAny().isPresent()) {
            return upload;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the upload never started streaming into " + incoming);
  }

  /** Sends the rest of the body; the response follows. */
  public CompletableFuture<HttpResponse<String>> finish() {
    rest.countDown();
    return response;
  }

  private InputStream halfThenRest(byte[] archive) {
    return new InputStream() {
      private int at;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (at >= archive.length) {
          return -1;
        }
        int half = archive.length / 2;
        if (at >= half) {
          try {
            rest.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        int n = Math.min(len, (at < half ? half : archive.length) - at);
        System.arraycopy(archive, at, b, off, n);
        at += n;
        return n;
      }
    };
  }
}
