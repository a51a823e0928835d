package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.evaluator.testing.TestImages;

/**
 * The demo image challenge (challenges/histology-lesions) through the real sandbox: its baselines'
 * images read /input/images and /input/cases.csv and are scored case by case, and a probe shows
 * what a container sees of the read-only hidden images and how a wrong mask is named.
 */
class ImageChallengeIT {
  private static final String BUNDLE = "histology-lesions";
  private static final SandboxLimits LIMITS = new SandboxLimits(1.0, 1024L << 20, 300, 64L << 20, 128, 64L << 20,
      64 * 1024);
  private static final EvaluationSpec.ImageTask SEGMENTATION_IMAGES = new EvaluationSpec.ImageTask(
      "hidden/test/images", "hidden/test/masks", "png", "png", "um",
      List.of(new EvaluationSpec.ImageClass(1, "nucleus"), new EvaluationSpec.ImageClass(2, "lesion")), 2.0,
      Map.of("bothEmpty", "best", "nan", "exclude"), "invalid", null);
  /** The segmentation phase as challenges/histology-lesions/challenge.yaml declares it. */
  static final EvaluationSpec SEGMENTATION = new EvaluationSpec(BUNDLE, "segmentation", "image-segmentation",
      new EvaluationSpec.HiddenData("hidden/test/cases.csv", "hidden/test/cases.csv", "case", "grade", null, null,
          null, "cases.csv"),
      new EvaluationSpec.PredictionContract("grades.csv", "case", null, List.of("g0", "g1", "g2", "g3")),
      EvaluationSpec.MetricSpec.of("dice", "nsd", "hd95"), new EvaluationSpec.Bootstrap(1000, 20261202),
      new EvaluationSpec.Split(0.5, 11), LIMITS, null, null, SEGMENTATION_IMAGES, null);
  /** The grading phase. */
  static final EvaluationSpec GRADING = new EvaluationSpec(BUNDLE, "grading", "image-classification",
      new EvaluationSpec.HiddenData("hidden/test/cases.csv", "hidden/test/grades.csv", "case", "grade", null, null,
          null, "cases.csv"),
      new EvaluationSpec.PredictionContract("grades.csv", "case", null, List.of("g0", "g1", "g2", "g3")),
      List.of(new EvaluationSpec.MetricSpec("cost_score", Map.of(), List.of(List.of(0.0, 0.1, 0.7, 1.0),
          List.of(0.1, 0.0, 0.3, 0.7), List.of(0.7, 0.3, 0.0, 0.3), List.of(1.0, 0.7, 0.3, 0.0))),
          EvaluationSpec.MetricSpec.of("accuracy")),
      new EvaluationSpec.Bootstrap(1000, 20261202), new EvaluationSpec.Split(0.5, 13), LIMITS, null, null,
      new EvaluationSpec.ImageTask("hidden/test/images", null, "png", null, "um", List.of(), null, null, null, null),
      null);

  /** The detection phase: lesions as an instance mask per case, points matched inside them. */
  static final EvaluationSpec DETECTION = new EvaluationSpec(BUNDLE, "detection", "object-detection",
      new EvaluationSpec.HiddenData("hidden/test/cases.csv", "hidden/test/cases.csv", "case", "grade", null, null,
          null, "cases.csv"),
      new EvaluationSpec.PredictionContract("grades.csv", "case", null, List.of("g0", "g1", "g2", "g3")),
      EvaluationSpec.MetricSpec.of("lesion_f1", "froc"), new EvaluationSpec.Bootstrap(1000, 20261202),
      new EvaluationSpec.Split(0.5, 17), LIMITS, null, null,
      new EvaluationSpec.ImageTask("hidden/test/images", "hidden/test/lesions", "png", null, "um", List.of(), null,
          null, null, new EvaluationSpec.DetectionSettings("point_in_mask", 0, "hungarian", null)),
      null);

  private static DockerClient docker;
  @TempDir static Path work;
  /** The site: a copy of the bundle made owner-only, as run.sh and bundle installs leave hidden data. */
  private static Path site;

  @BeforeAll
  static void images() throws IOException {
    docker = TestImages.docker();
    TestImages.requireBaseImages();
    for (String baseline : List.of("palmares/baseline-threshold-seg:latest", "palmares/baseline-constant-grade:latest",
        "palmares/baseline-blobs-detect:latest")) {
      try {
        docker.inspectImageCmd(baseline).exec();
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw new IllegalStateException("Image " + baseline + " is missing: run scripts/build-images.sh first");
      }
    }
    site = ownerOnlyCopy(TestImages.repoRoot().resolve("challenges").resolve(BUNDLE), work.resolve("site"));
  }

  private static Path ownerOnlyCopy(Path bundle, Path root) throws IOException {
    Path target = root.resolve(BUNDLE);
    try (var paths = java.nio.file.Files.walk(bundle)) {
      for (Path p : paths.toList()) {
        Path copy = target.resolve(bundle.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(copy);
          java.nio.file.Files.setPosixFilePermissions(copy,
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } else {
          java.nio.file.Files.copy(p, copy);
          java.nio.file.Files.setPosixFilePermissions(copy,
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
      }
    }
    return root;
  }

  private static JobReport evaluate(String image, EvaluationSpec spec) throws IOException {
    String id = image.startsWith("sha256:") ? image : TestImages.idOf(image);
    EvaluatorIT.InMemoryChannel channel = new EvaluatorIT.InMemoryChannel(0, () -> {
      throw new IOException("the engine has the image; no archive needed");
    });
    Evaluator evaluator = new Evaluator(
        new Evaluator.Settings("image-it", "image-it#1", work.resolve("runs"), 1, Duration.ofMillis(200),
            Duration.ofSeconds(5)),
        channel, new DockerSandbox(docker, "image-it", Clock.systemUTC()), new DockerImages(docker),
        new SiteData(site), new Capacity(2, 4L << 30));
    return evaluator.evaluate(new Job("sub-" + spec.phase(), 1, "image-it#1/1", id, "unused", spec));
  }

  private static void assertWithInterval(SplitScores part, String metric) {
    MetricValue value = part.metrics().get(metric);
    assertThat(value.value()).as(metric).isNotNull();
    assertThat(value.ci()).as(metric + " interval").isNotNull();
    assertThat(value.ci().low()).isLessThanOrEqualTo(value.value());
    assertThat(value.ci().high()).isGreaterThanOrEqualTo(value.value());
  }

  @Test
  void theThresholdingBaselineGetsDiceNsdAndHd95WithIntervalsOnBothParts() throws IOException {
    JobReport report = evaluate("palmares/baseline-threshold-seg:latest", SEGMENTATION);

    assertThat(report.outcome()).as(report.message() + "\n" + report.logTail()).isEqualTo("SUCCEEDED");
    for (SplitScores part : List.of(report.scores().publicPart(), report.scores().privatePart())) {
      for (String metric : List.of("dice", "nsd", "hd95")) {
        assertWithInterval(part, metric);
      }
      // a thresholding segmenter finds the dark nuclei and lesions of the synthetic tiles, roughly
      assertThat(part.metrics().get("dice").value()).isBetween(0.3, 1.0);
    }
    assertThat(report.scores().publicPart().cases() + report.scores().privatePart().cases()).isEqualTo(36);
  }

  @Test
  void theConstantGraderGetsACostScoreWithAnInterval() throws IOException {
    JobReport report = evaluate("palmares/baseline-constant-grade:latest", GRADING);

    assertThat(report.outcome()).as(report.message() + "\n" + report.logTail()).isEqualTo("SUCCEEDED");
    assertWithInterval(report.scores().publicPart(), "cost_score");
    assertWithInterval(report.scores().privatePart(), "cost_score");
  }

  @Test
  void theBlobDetectorGetsALesionWiseF1WithAnIntervalAndAFrocScore() throws IOException {
    JobReport report = evaluate("palmares/baseline-blobs-detect:latest", DETECTION);

    assertThat(report.outcome()).as(report.message() + "\n" + report.logTail()).isEqualTo("SUCCEEDED");
    for (SplitScores part : List.of(report.scores().publicPart(), report.scores().privatePart())) {
      assertWithInterval(part, "lesion_f1");
      // the crowded dark regions of the synthetic tiles are their lesions, so most are found
      assertThat(part.metrics().get("lesion_f1").value()).isBetween(0.3, 1.0);
      assertThat(part.metrics().get("froc").value()).isBetween(0.0, 1.0);
    }
    assertThat(report.logTail()).contains("detections in 36 cases");
  }

  @Test
  void hiddenImagesAreReadOnlyWithoutASitePathAndAWrongMaskIsNamed() throws IOException {
    JobReport report = evaluate(TestImages.hostile("img-probe"), SEGMENTATION);

    assertThat(report.outcome()).isEqualTo("INVALID_OUTPUT");
    assertThat(report.problem()).isEqualTo(ProblemKind.MASK_GEOMETRY);
    assertThat(report.message()).contains("case test-036: mask is 128×128, image is 256×256");
    // the site's owner-only folder is readable by the sandbox user inside the container, and only that
    assertThat(report.logTail()).contains("WRITE-REFUSED").doesNotContain("WRITE-OK").contains("IMAGES 36");
    assertThat(java.nio.file.Files.getPosixFilePermissions(site.resolve(BUNDLE).resolve("hidden")))
        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    assertThat(java.nio.file.Files.getPosixFilePermissions(site.resolve(BUNDLE).resolve("hidden/test/masks")))
        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    if (DockerSandbox.RUNSC.equals(report.runtime())) {
      // gVisor shows its own mount table: nothing of where the site keeps the images
      assertThat(report.logTail()).doesNotContain("histology-lesions").doesNotContain("challenges");
    }
  }
}
