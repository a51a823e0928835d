package org.palmares.evaluator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.scoring.image.LabelRaster;

class ImageFilesTest {
  @TempDir
  Path dir;

  /** Reads every row in slabs of {@code slab} rows and checks each label against the pattern (slice z shifts it). */
  private static void assertLabels(LabelRaster raster, int slab) throws IOException {
    int[] size = raster.size();
    int[] rows = new int[slab * size[0]];
    for (int z = 0; z < size[2]; z++) {
      for (int y0 = 0; y0 < size[1]; y0 += slab) {
        int n = Math.min(slab, size[1] - y0);
        raster.readRows(z, y0, n, rows);
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < size[0]; x++) {
            assertThat(rows[y * size[0] + x]).as("label at %d,%d,%d", x, y0 + y, z)
                .isEqualTo((LabelImages.label(x, y0 + y) + z) % 5);
          }
        }
      }
    }
  }

  @Test
  void aPngIsReadRowByRowWithTheSpacingOfItsPhysChunkInTheChallengesUnit() throws IOException {
    Path png = LabelImages.png(dir.resolve("case-1.png"), LabelImages.gray(97, 61, LabelImages::label), 0.25);
    try (LabelRaster raster = ImageFiles.open(png, "um")) {
      assertThat(raster.size()).containsExactly(97, 61, 1);
      // pHYs stores pixels per metre as an integer: 0.25 mm is 4000 px/m exactly
      assertThat(raster.spacing()[0]).isCloseTo(250, org.assertj.core.data.Offset.offset(1e-6));
      assertLabels(raster, 7);
    }
  }

  @Test
  void aPngWithoutResolutionHasASpacingOfOnePixel() throws IOException {
    Path png = LabelImages.png(dir.resolve("a.png"), LabelImages.gray(10, 10, LabelImages::label), 0);
    assertThat(ImageFiles.geometry(png, "mm").spacing()).containsExactly(1, 1, 1);
  }

  @Test
  void ofATiledPyramidalTiffTheFullResolutionLevelIsReadByRegions() throws IOException {
    Path tiff = LabelImages.tiledTiff(dir.resolve("slide.tif"), 64,
        LabelImages.gray(300, 200, LabelImages::label), LabelImages.gray(150, 100, (x, y) -> 4));
    try (LabelRaster raster = ImageFiles.open(tiff, "um")) {
      assertThat(raster.size()).containsExactly(300, 200, 1);
      assertLabels(raster, 50);
    }
  }

  @Test
  void aNiftiVolumeGzippedOrNotIsReadSliceBySliceWithItsPixdim() throws IOException {
    for (String name : new String[] {"v.nii", "v.nii.gz"}) {
      for (short datatype : new short[] {2, 512, 16}) {
        Path nii = LabelImages.nifti(dir.resolve(datatype + name), new int[] {23, 17, 4}, new double[] {0.5, 0.75, 2},
            LabelImages::label, datatype);
        try (LabelRaster raster = ImageFiles.open(nii, "mm")) {
          assertThat(raster.size()).containsExactly(23, 17, 4);
          assertThat(raster.spacing()).containsExactly(0.5, 0.75, 2.0);
          assertLabels(raster, 5);
          raster.readRows(0, 0, 1, new int[23]); // going back re-opens the stream
        }
      }
    }
  }

  @Test
  void aMetaImageRawOrZlibCompressedIsRead() throws IOException {
    for (boolean compressed : new boolean[] {false, true}) {
      Path mha = LabelImages.mha(dir.resolve("c" + compressed + ".mha"), 41, 33, new double[] {0.8, 0.8}, compressed,
          LabelImages::label);
      try (LabelRaster raster = ImageFiles.open(mha, "mm")) {
        assertThat(raster.size()).containsExactly(41, 33, 1);
        assertThat(raster.spacing()[0]).isEqualTo(0.8);
        assertLabels(raster, 4);
      }
    }
  }

  @Test
  void aFileThatIsNotAnImageOrALinkIsRefusedWithAPhrase() throws IOException {
    Path fake = Files.writeString(dir.resolve("x.png"), "not a png");
    assertThatThrownBy(() -> ImageFiles.open(fake, "mm")).isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("is not an image");
    Path nii = Files.write(dir.resolve("x.nii"), new byte[400]);
    assertThatThrownBy(() -> ImageFiles.open(nii, "mm")).isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("NIfTI-1");
    Path link = Files.createSymbolicLink(dir.resolve("l.png"), fake);
    assertThatThrownBy(() -> ImageFiles.open(link, "mm")).hasMessageContaining("not a regular file");
    Path mhd = Files.writeString(dir.resolve("y.mhd"), "NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\n"
        + "ElementDataFile = ../../etc/passwd\n");
    assertThatThrownBy(() -> ImageFiles.open(mhd, "mm")).hasMessageContaining("not a plain file name");
  }
}
