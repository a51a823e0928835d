package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.image.ImageScorer;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.InvalidPredictionsException;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.platform.testing.Bundles;

/**
 * An organizer publishes an object-detection challenge as a bundle (the detection phase of the demo
 * image bundle, whose truth is an instance mask of the lesions per case, CAMELYON16's way), and a competitor's
 * detections are scored from it: what the bundle declares is what the evaluator scores.
 */
class DetectionChallengeTest {
  @TempDir Path root;

  /** The demo bundle as an organizer would publish it: its detection phase is the one scored. */
  private Path bundle() throws Exception {
    return Bundles.copy("histology-lesions", root, "histology-detection", y -> y);
  }

  /** One detection per lesion of the case's instance mask, at its first pixel, with probability 0.9. */
  private static void detectEveryLesion(Path masks, List<String> cases, Path output) throws Exception {
    Files.createDirectories(output);
    for (String id : cases) {
      Raster r = ImageIO.read(masks.resolve(id + ".png").toFile()).getRaster();
      TreeMap<Integer, int[]> firstPixel = new TreeMap<>();
      for (int y = 0; y < r.getHeight(); y++) {
        for (int x = 0; x < r.getWidth(); x++) {
          int label = r.getSample(x, y, 0);
          if (label != 0) {
            firstPixel.putIfAbsent(label, new int[] {x, y});
          }
        }
      }
      StringBuilder json = new StringBuilder("{\"detections\": [");
      firstPixel.values().forEach(p -> json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
          .append("{\"point\": [").append(p[0]).append(", ").append(p[1]).append("], \"probability\": 0.9}"));
      Files.writeString(output.resolve(id + ".json"), json.append("]}").toString());
    }
  }

  @Test
  void aDetectionChallengeIsValidatedAndEveryLesionFoundScoresOne() throws Exception {
    Path dir = bundle();
    Challenge c = BundleReader.read(dir, true); // hidden data checked too: every case has its image and mask
    Phase phase = c.phase("detection").orElseThrow();
    EvaluationSpec spec = c.evaluationSpec(phase);
    assertThat(spec.task()).isEqualTo("object-detection");
    assertThat(spec.primaryMetric()).isEqualTo("lesion_f1");
    assertThat(spec.imageTask().detection().criterion()).isEqualTo("point_in_mask");

    List<String> cases = Files.readAllLines(dir.resolve("hidden/test/cases.csv")).stream().skip(1)
        .map(l -> l.split(",")[0]).toList();
    Path output = root.resolve("output");
    detectEveryLesion(dir.resolve("hidden/test/lesions"), cases, output);
    ScoreReport report = ImageScorer.score(spec, dir.resolve("hidden/test/cases.csv"),
        dir.resolve("hidden/test/images"), dir.resolve("hidden/test/lesions"), output);

    for (var part : List.of(report.publicPart(), report.privatePart())) {
      MetricValue f1 = part.metrics().get("lesion_f1");
      assertThat(f1.value()).as("every lesion found, no false positive").isCloseTo(1.0, within(1e-12));
      assertThat(f1.ci()).as("an interval over cases").isNotNull();
      // FROC's curve skips its lowest threshold (CAMELYON16, MONAI): with every probability 0.9 it is 0
      // whatever was found, which FrocTest derives; here it is only reported, in [0, 1]
      assertThat(part.metrics().get("froc").value()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void aMissingDetectionsFileNamesTheCase() throws Exception {
    Path dir = bundle();
    Challenge c = BundleReader.read(dir, true);
    EvaluationSpec spec = c.evaluationSpec(c.phase("detection").orElseThrow());
    List<String> cases = Files.readAllLines(dir.resolve("hidden/test/cases.csv")).stream().skip(1)
        .map(l -> l.split(",")[0]).toList();
    Path output = root.resolve("output");
    detectEveryLesion(dir.resolve("hidden/test/lesions"), cases, output);
    Files.delete(output.resolve(cases.get(2) + ".json"));
    assertThatThrownBy(() -> ImageScorer.score(spec, dir.resolve("hidden/test/cases.csv"),
        dir.resolve("hidden/test/images"), dir.resolve("hidden/test/lesions"), output))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessageContaining("case " + cases.get(2) + ": missing");
  }
}
