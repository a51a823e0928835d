package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.palmares.evaluator.scoring.InvalidPredictionsException;

/**
 * Coverage-guided fuzzing of the detections JSON a submission writes: the only outcomes allowed
 * are detections that keep the format's promises (inside the image, probability in [0, 1], at
 * most {@link DetectionsFile#MAX_DETECTIONS}) or the documented refusal naming the case. Findings
 * are kept under {@code src/test/resources/.../DetectionsFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see scripts/fuzz.sh).
 */
class DetectionsFuzzTest {

  private static final int[] IMAGE = {64, 32, 1};
  private static final Path DIR = temporaryFolder();

  @FuzzTest(maxDuration = "30s")
  void anyDetectionsFileIsReadOrRefusedNamingTheCase(byte[] content) throws IOException {
    Path file = Files.write(DIR.resolve("case.json"), content);
    try {
      List<Detection> detections = DetectionsFile.detections(file, "7", IMAGE);
      assertThat(detections).hasSizeLessThanOrEqualTo(DetectionsFile.MAX_DETECTIONS);
      for (Detection d : detections) {
        assertThat(d.probability()).isBetween(0.0, 1.0);
        double[] c = d.location().centre();
        assertThat(c).hasSize(2);
        assertThat(c[0]).isBetween(-0.5, IMAGE[0] - 0.5);
        assertThat(c[1]).isBetween(-0.5, IMAGE[1] - 0.5);
      }
    } catch (InvalidPredictionsException refused) {
      assertThat(refused.getMessage()).startsWith("case 7: ");
    }
  }

  private static Path temporaryFolder() {
    try {
      Path dir = Files.createTempDirectory("detections-fuzz");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
