package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.platform.testing.Bundles;

/** The image tasks of challenge.yaml: the demo image bundle, and each kind of mistake named with its line. */
class ImageBundleTest {
  @TempDir Path root;

  private Path copy(String slug, UnaryOperator<String> edit) throws Exception {
    return Bundles.copy("histology-lesions", root, slug, edit);
  }

  private static List<String> problems(Path dir, boolean checkData) {
    InvalidChallengeException e = catchThrowableOfType(InvalidChallengeException.class,
        () -> BundleReader.read(dir, checkData));
    assertThat(e).as("the bundle should be refused").isNotNull();
    return e.problems().stream().map(BundleProblem::toString).toList();
  }

  @Test
  void theDemoImageBundleIsValidWithASegmentationAndAGradingPhase() throws Exception {
    Challenge c = BundleReader.read(copy("histology-lesions", y -> y), true);

    EvaluationSpec segmentation = c.evaluationSpec(c.phase("segmentation").orElseThrow());
    assertThat(segmentation.task()).isEqualTo("image-segmentation");
    assertThat(segmentation.imageTask().images()).isEqualTo("hidden/test/images");
    assertThat(segmentation.imageTask().classes()).extracting(EvaluationSpec.ImageClass::name)
        .containsExactly("nucleus", "lesion");
    assertThat(segmentation.imageTask().tolerance()).isEqualTo(2.0);
    assertThat(segmentation.primaryMetric()).isEqualTo("dice");

    EvaluationSpec grading = c.evaluationSpec(c.phase("grading").orElseThrow());
    assertThat(grading.task()).isEqualTo("image-classification");
    assertThat(grading.primaryMetric()).isEqualTo("cost_score");
    assertThat(grading.metrics().get(0).matrix()).hasSize(4);
    assertThat(grading.hidden().labels()).isEqualTo("hidden/test/grades.csv");
    assertThat(c.primaryMetricOf(c.phase("grading").orElseThrow())).isEqualTo("cost_score");
    assertThat(grading.gpus().count()).isZero();
  }

  @Test
  void aGradingPhaseWithTooFewTilesOfAGradeInAPartIsRefusedAtValidationAsTheScorerWouldRefuseIt() throws Exception {
    Path dir = copy("few-tiles", y -> y);
    // the first 24 tiles hold 4 of grade g0: 2 per part, below the 3 of each class an honest interval needs
    for (String file : List.of("hidden/test/cases.csv", "hidden/test/grades.csv")) {
      List<String> lines = Files.readAllLines(dir.resolve(file));
      Files.write(dir.resolve(file), lines.subList(0, Math.min(lines.size(), 25)));
    }

    assertThat(problems(dir, true)).anySatisfy(p -> assertThat(p).contains("phase grading")
        .contains("case(s) of class 'g0'; at least 3 of each are needed"));
  }

  @Test
  void anImageTaskWithoutItsImageContractIsRefusedWithItsLine() throws Exception {
    Path dir = copy("no-image", y -> y.replaceAll("(?s)\nimage:\n.*?\npredictions:", "\npredictions:"));
    assertThat(problems(dir, false)).anySatisfy(p -> assertThat(p).startsWith("challenge.yaml:")
        .contains("image is required for a image-segmentation task"));
  }

  @Test
  void aMissingFolderAndAMissingToleranceAreNamed() throws Exception {
    Path dir = copy("bad-image", y -> y.replace("  images: hidden/test/images\n  truth", "  images: hidden/nowhere\n"
        + "  truth").replace("  tolerance: 2.0\n", ""));
    List<String> problems = problems(dir, false);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("image.images")
        .contains("folder 'hidden/nowhere' does not exist in the bundle"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("image.tolerance")
        .contains("required by the metric nsd"));
  }

  @Test
  void aTruthMaskUnlikeItsImageAndAMissingImageNameTheCase() throws Exception {
    Path dir = copy("bad-truth", y -> y);
    ImageIO.write(new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY), "png",
        dir.resolve("hidden/test/masks/test-003.png").toFile());
    Files.delete(dir.resolve("hidden/test/images/test-005.png"));
    List<String> problems = problems(dir, true);
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("hidden/test/masks")
        .contains("case test-003: the truth mask is 128×128"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("hidden/test/images")
        .contains("case test-005: no image"));
  }

  @Test
  void aPhaseAskingForGpusCarriesItsRequestInItsSpec() throws Exception {
    Path dir = copy("gpu", y -> y.replace("    task: image-classification\n",
        "    task: image-classification\n    gpus: {count: 1, memoryMiB: 16000}\n"));
    Challenge c = BundleReader.read(dir, false);
    assertThat(c.evaluationSpec(c.phase("grading").orElseThrow()).gpus())
        .isEqualTo(new EvaluationSpec.GpuRequest(1, 16000));
  }

  @Test
  void aTabularTaskWithAnImageContractIsRefused() throws Exception {
    Path dir = Bundles.demoCopy(root, "tabular-image", y -> y.replace("predictions:\n",
        "image: {images: hidden, format: png}\npredictions:\n"));
    assertThat(problems(dir, false)).anySatisfy(p -> assertThat(p)
        .contains("image applies to image tasks only, not to a binary-classification task"));
  }
}
