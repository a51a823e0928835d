package org.palmares.evaluator.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.palmares.evaluator.scoring.image.LabelRaster;

/**
 * Coverage-guided fuzzing of the mask readers (a container writes the masks): any bytes, under
 * any of the mask names, give a raster whose rows read, or an {@link ImageFormatException} with a
 * phrase, never another exception. Regression inputs live under
 * {@code src/test/resources/org/palmares/evaluator/image/MaskFuzzTestInputs/}.
 */
class MaskFuzzTest {
  private static final String[] NAMES = {"m.nii", "m.nii.gz", "m.mha", "m.png", "m.tif"};
  /** Rows are read only of small rasters: a header may claim any size, the scorer compares it first. */
  private static final long MAX_PIXELS = 1 << 20;

  @FuzzTest(maxDuration = "30s")
  void anyMaskFileIsReadOrRefusedWithAPhrase(FuzzedDataProvider data) throws IOException {
    String name = NAMES[data.consumeInt(0, NAMES.length - 1)];
    Path dir = Files.createTempDirectory("mask-fuzz");
    Path file = Files.write(dir.resolve(name), data.consumeRemainingAsBytes());
    try (LabelRaster raster = ImageFiles.open(file, "mm")) {
      int[] size = raster.size();
      if ((long) size[0] * size[1] * size[2] <= MAX_PIXELS) {
        int[] row = new int[size[0]];
        for (int z = 0; z < size[2]; z++) {
          for (int y = 0; y < size[1]; y++) {
            raster.readRows(z, y, 1, row);
          }
        }
      }
    } catch (ImageFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
