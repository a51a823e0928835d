package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dice, NSD, HD95 and FROC agree to 1e-9 with an independent Python computation (numpy and SciPy
 * from Debian, following Metrics Reloaded's and MONAI's definitions: {@code
 * src/test/resources/reference/image_metrics.py}) on seeded random masks, 2-D with anisotropic
 * pixels and 3-D with thick slices, two classes touching each other and the image edge, and on
 * random detection scores with ties. {@code .ci/run} installs the Python side
 * ({@code scripts/ensure-python-reference.sh}); without it the test skips, saying so.
 */
class SegmentationReferenceTest {

  private static final double AGREEMENT = 1e-9;
  private static final int[] CLASSES = {1, 2};
  private static final double TAU = 1.5;

  @TempDir
  Path dir;

  /** One generated case: its truth and prediction rasters. */
  private record Case(String id, ArrayRaster truth, ArrayRaster prediction) {}

  @Test
  void javaAndThePythonReferenceAgreeOnRandomMasksAndDetections() throws Exception {
    assumePythonReference();
    SplittableRandom random = new SplittableRandom(20261202);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      cases.add(generate("2d-" + i, new int[] {48, 36, 1}, new double[] {0.7, 1.3, 1}, random,
          i));
    }
    for (int i = 0; i < 3; i++) {
      cases.add(generate("3d-" + i, new int[] {20, 16, 9}, new double[] {0.8, 0.8, 2.5}, random,
          i));
    }
    for (Case c : cases) {
      write(c);
    }
    Files.writeString(dir.resolve("classes.txt"), "1 2");
    Files.writeString(dir.resolve("tau.txt"), String.valueOf(TAU));
    List<DetectionCase> detections = detections(random);
    writeFroc(detections);

    JsonNode reference = runReference();

    SegmentationSettings settings = new SegmentationSettings(CLASSES, TAU,
        EdgeCases.METRICS_RELOADED);
    int compared = 0;
    for (Case c : cases) {
      SegmentationCase scored = SegmentationMetrics.score(c.truth(), c.prediction(), settings);
      for (int label : CLASSES) {
        JsonNode expected = reference.path("segmentation").path(c.id()).path(String.valueOf(label));
        assertThat(expected.isArray()).as("reference for case %s class %d", c.id(), label)
            .isTrue();
        assertThat(scored.value(SegmentationMetric.DICE, label)).as("Dice, case %s class %d",
            c.id(), label).isCloseTo(expected.get(0).asDouble(), within(AGREEMENT));
        assertThat(scored.value(SegmentationMetric.NSD, label)).as("NSD, case %s class %d",
            c.id(), label).isCloseTo(expected.get(1).asDouble(), within(AGREEMENT));
        double hd95 = scored.value(SegmentationMetric.HD95, label);
        if (expected.get(2).isNull()) {
          // One mask empty: Metrics Reloaded leaves NaN for the aggregation; ours is the worst.
          assertThat(hd95).isEqualTo(scored.worst(SegmentationMetric.HD95));
        } else {
          assertThat(hd95).as("HD95, case %s class %d", c.id(), label)
              .isCloseTo(expected.get(2).asDouble(), within(AGREEMENT));
          compared++;
        }
      }
    }
    // Most comparisons are of real distances, not edge cases.
    assertThat(compared).isGreaterThanOrEqualTo(12);
    int[] once = new int[detections.size()];
    java.util.Arrays.fill(once, 1);
    assertThat(ImageMetrics.froc("froc", detections, ImageMetrics.CAMELYON_RATES).on(once))
        .isCloseTo(reference.get("froc").asDouble(), within(AGREEMENT));
  }

  /**
   * Random discs of class 1 and 2 (class 2 painted over 1, some reaching the image edge); the
   * prediction moves, grows or drops some discs and flips a few pixels. Case 1 of each kind has no
   * class 2 in the prediction; case 2 has none anywhere.
   */
  private static Case generate(String id, int[] size, double[] spacing, SplittableRandom random,
      int variant) {
    int w = size[0];
    int h = size[1];
    int d = size[2];
    int[] truth = new int[w * h * d];
    int[] prediction = new int[w * h * d];
    for (int label : CLASSES) {
      if (label == 2 && variant == 2) {
        continue;
      }
      int discs = 1 + random.nextInt(3);
      for (int k = 0; k < discs; k++) {
        double cx = random.nextDouble(-2, w + 2);
        double cy = random.nextDouble(-2, h + 2);
        double cz = random.nextDouble(0, d);
        double r = random.nextDouble(3, Math.min(w, h) / 3.0);
        paint(truth, size, cx, cy, cz, r, label);
        if (!(label == 2 && variant == 1)) {
          paint(prediction, size, cx + random.nextDouble(-3, 3), cy + random.nextDouble(-3, 3),
              cz + random.nextDouble(-1, 1), r * random.nextDouble(0.7, 1.3), label);
        }
      }
    }
    for (int i = 0; i < prediction.length; i++) {
      if (random.nextDouble() < 0.02) {
        prediction[i] = random.nextInt(3);
      }
    }
    ArrayRaster.Labels t = (x, y, z) -> truth[(z * h + y) * w + x];
    ArrayRaster.Labels p = (x, y, z) -> prediction[(z * h + y) * w + x];
    return new Case(id, new ArrayRaster(size, spacing, t), new ArrayRaster(size, spacing, p));
  }

  private static void paint(int[] labels, int[] size, double cx, double cy, double cz, double r,
      int label) {
    for (int z = 0; z < size[2]; z++) {
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          double dz = size[2] > 1 ? (z - cz) * 2 : 0;
          if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + dz * dz <= r * r) {
            labels[(z * size[1] + y) * size[0] + x] = label;
          }
        }
      }
    }
  }

  private void write(Case c) throws IOException {
    int[] size = c.truth().size();
    double[] spacing = c.truth().spacing();
    StringBuilder out = new StringBuilder();
    out.append(size[0]).append(' ').append(size[1]).append(' ').append(size[2]).append('\n');
    out.append(spacing[0]).append(' ').append(spacing[1]).append(' ').append(spacing[2])
        .append('\n');
    for (ArrayRaster raster : List.of(c.truth(), c.prediction())) {
      int[] row = new int[size[0]];
      for (int z = 0; z < size[2]; z++) {
        for (int y = 0; y < size[1]; y++) {
          raster.readRows(z, y, 1, row);
          for (int v : row) {
            out.append(v).append(' ');
          }
          out.append('\n');
        }
      }
    }
    Files.writeString(dir.resolve("case-" + c.id() + ".txt"), out);
  }

  /** Random per-image scores, drawn from a coarse grid so that ties occur. */
  private static List<DetectionCase> detections(SplittableRandom random) {
    List<DetectionCase> cases = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double[] fp = new double[random.nextInt(5)];
      for (int k = 0; k < fp.length; k++) {
        fp[k] = random.nextInt(21) / 20.0;
      }
      double[] lesions = new double[random.nextInt(4)];
      for (int k = 0; k < lesions.length; k++) {
        lesions[k] = random.nextDouble() < 0.3 ? 0 : random.nextInt(21) / 20.0;
      }
      cases.add(new DetectionCase(0, 0, 0, fp, lesions));
    }
    if (cases.stream().allMatch(c -> c.lesions() == 0)) {
      cases.add(new DetectionCase(0, 0, 0, new double[0], new double[] {0.5}));
    }
    return cases;
  }

  private void writeFroc(List<DetectionCase> cases) throws IOException {
    List<Map<String, double[]>> list = new ArrayList<>();
    for (DetectionCase c : cases) {
      Map<String, double[]> m = new LinkedHashMap<>();
      m.put("fp", c.falsePositiveScores());
      m.put("lesions", c.lesionScores());
      list.add(m);
    }
    new ObjectMapper().writeValue(dir.resolve("froc.json").toFile(),
        Map.of("cases", list, "rates", ImageMetrics.CAMELYON_RATES));
  }

  private JsonNode runReference() throws Exception {
    Path script = Path.of("src/test/resources/reference/image_metrics.py").toAbsolutePath();
    Process process = new ProcessBuilder("python3", script.toString(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the reference finished").isTrue();
    assertThat(process.exitValue()).as("the reference's exit code").isZero();
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }

  private static void assumePythonReference() throws Exception {
    boolean available;
    try {
      Process probe = new ProcessBuilder("python3", "-c", "import numpy, scipy.ndimage")
          .redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      available = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException noPython) {
      available = false;
    }
    Assumptions.assumeTrue(available, "python3 with numpy and scipy is not installed: run"
        + " scripts/ensure-python-reference.sh (CI does) to check the image metrics against it");
  }
}
