package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the image archive inspection (a competitor's upload): any bytes
 * give a manifest or the documented refusals, {@link ImageArchive.InvalidImageArchiveException}
 * or an {@link IOException} for an unreadable archive (the platform words both for the
 * competitor), never another exception. Regression inputs live under
 * {@code src/test/resources/org/palmares/evaluator/sandbox/ImageArchiveFuzzTestInputs/}.
 */
class ImageArchiveFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void anyUploadIsInspectedOrRefused(byte[] upload) {
    try {
      ImageArchive.Manifest manifest = ImageArchive.inspect(new ByteArrayInputStream(upload));
      assertThat(manifest.imageId()).matches("sha256:[0-9a-f]{64}");
    } catch (ImageArchive.InvalidImageArchiveException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    } catch (IOException unreadable) {
      // the platform words it for the competitor; a truncated gzip gives an EOFException without message
    }
  }
}
