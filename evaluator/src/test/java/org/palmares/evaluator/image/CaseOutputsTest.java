package org.palmares.evaluator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.scoring.InvalidPredictionsException;

class CaseOutputsTest {
  @TempDir
  Path dir;
  Path truth;
  Path output;
  List<String> cases = List.of("3", "17");

  @BeforeEach
  void truthMasks() throws IOException {
    truth = Files.createDirectory(dir.resolve("truth"));
    output = Files.createDirectory(dir.resolve("output"));
    LabelImages.png(truth.resolve("3.png"), LabelImages.gray(64, 48, LabelImages::label), 0.5);
    LabelImages.png(truth.resolve("17.png"), LabelImages.gray(1024, 1024, (x, y) -> 0), 0.5);
  }

  private Map<String, Path> check(boolean allowMissing) throws Exception {
    return CaseOutputs.masks(cases, output, ImageFormat.PNG, CaseOutputs.truthFiles(cases, truth), "um",
        allowMissing);
  }

  @Test
  void masksOfTheImagesGeometryAreFoundForEveryCase() throws Exception {
    LabelImages.png(output.resolve("3.png"), LabelImages.gray(64, 48, (x, y) -> 1), 0.5);
    LabelImages.png(output.resolve("17.png"), LabelImages.gray(1024, 1024, (x, y) -> 1), 0.5);
    assertThat(check(false)).containsOnlyKeys("3", "17");
  }

  @Test
  void aMaskThatStatesNoSpacingIsTakenAtItsImages() throws Exception {
    LabelImages.png(output.resolve("3.png"), LabelImages.gray(64, 48, (x, y) -> 1), 0);
    LabelImages.png(output.resolve("17.png"), LabelImages.gray(1024, 1024, (x, y) -> 1), 0);
    assertThat(check(false)).containsOnlyKeys("3", "17");
  }

  @Test
  void aMissingCaseIsNamed() throws Exception {
    LabelImages.png(output.resolve("17.png"), LabelImages.gray(1024, 1024, (x, y) -> 1), 0.5);
    assertThatThrownBy(() -> check(false)).isInstanceOf(InvalidPredictionsException.class)
        .hasMessageStartingWith("case 3: missing").hasMessageContaining("cas 3 : manquant")
        .extracting(e -> ((InvalidPredictionsException) e).kind()).isEqualTo(ProblemKind.MISSING_CASE_OUTPUT);
    assertThat(check(true)).containsOnlyKeys("17"); // where the challenge scores a missing case at its worst
  }

  @Test
  void aMaskOfAnotherSizeIsNamedWithBothSizes() throws Exception {
    LabelImages.png(output.resolve("3.png"), LabelImages.gray(64, 48, (x, y) -> 1), 0.5);
    LabelImages.png(output.resolve("17.png"), LabelImages.gray(512, 512, (x, y) -> 1), 0.5);
    assertThatThrownBy(() -> check(false))
        .hasMessageStartingWith("case 17: mask is 512×512, image is 1024×1024")
        .extracting(e -> ((InvalidPredictionsException) e).kind()).isEqualTo(ProblemKind.MASK_GEOMETRY);
  }

  @Test
  void aMaskOfAnotherSpacingOrNotAnImageIsRefused() throws Exception {
    LabelImages.png(output.resolve("3.png"), LabelImages.gray(64, 48, (x, y) -> 1), 0.25);
    LabelImages.png(output.resolve("17.png"), LabelImages.gray(1024, 1024, (x, y) -> 1), 0.5);
    assertThatThrownBy(() -> check(false)).hasMessageStartingWith("case 3: mask spacing is 250 × 250 um, image"
        + " spacing is 500 × 500 um");
    Files.writeString(output.resolve("3.png"), "hello");
    assertThatThrownBy(() -> check(false)).hasMessageStartingWith("case 3: the mask /output/3.png is not an image")
        .extracting(e -> ((InvalidPredictionsException) e).kind()).isEqualTo(ProblemKind.UNREADABLE_CASE_OUTPUT);
  }
}
