package org.palmares.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Request bodies streamed to disk (image archives, challenge bundles): hashed as they arrive, with
 * back-pressure, the size cap enforced byte by byte, never held in memory.
 */
final class Uploads {
  private final Vertx vertx;
  private final long maxUploadBytes;

  Uploads(Vertx vertx, long maxUploadBytes) {
    this.vertx = vertx;
    this.maxUploadBytes = maxUploadBytes;
  }

  long maxUploadBytes() {
    return maxUploadBytes;
  }

  /** An upload allowed to proceed: who it is for (a quota reservation, an organizer) and its temporary file. */
  record Admitted<T>(T who, Path upload) {}

  /** Streams the request body into {@code upload}; completes with the body's sha256. */
  Future<String> receiveInto(HttpServerRequest req, Path upload) {
    return vertx.fileSystem().open(upload.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .compose(file -> receive(req, file).eventually(file::close));
  }

  /** Writes the request body to {@code file} with back-pressure; completes with the body's sha256. */
  private Future<String> receive(HttpServerRequest req, AsyncFile file) {
    Promise<String> done = Promise.promise();
    MessageDigest sha = DigestUtils.getSha256Digest();
    long[] received = {0};
    req.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      received[0] += chunk.length();
      if (received[0] > maxUploadBytes) {
        done.tryFail(tooLarge());
        return;
      }
      sha.update(chunk.getBytes());
      file.write(chunk).onFailure(done::tryFail); // e.g. the disk is full: refused (507), the file removed
      if (file.writeQueueFull()) {
        req.pause();
        file.drainHandler(v -> req.resume());
      }
    });
    req.exceptionHandler(done::tryFail);
    req.endHandler(v -> {
      if (received[0] == 0) {
        done.tryFail(new ApiException(400, "empty_upload",
            "the request body is empty; send the image archive ('docker save IMAGE | gzip') as the body")
            .localized("error.empty_upload"));
      } else {
        done.tryComplete(HexFormat.of().formatHex(sha.digest()));
      }
    });
    req.resume();
    return done.future();
  }

  ApiException tooLarge() {
    return new ApiException(413, "upload_too_large", "the image archive is larger than the "
        + (maxUploadBytes / (1024 * 1024)) + " MiB this platform accepts; slim the image (smaller base, no "
        + "training data or caches) and try again").localized("refusal.image.platform", maxUploadBytes / (1024 * 1024));
  }

}
