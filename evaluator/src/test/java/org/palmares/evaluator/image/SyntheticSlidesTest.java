package org.palmares.evaluator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.Raster;
import org.junit.jupiter.api.Test;

/** The demo's synthetic tiles: the lesion instance mask (a detection phase's truth) agrees with the label mask. */
class SyntheticSlidesTest {

  @Test
  void eachConnectedLesionRegionIsOneInstanceNumberedInReadingOrder() {
    // 5 × 5 labels (tiles are square): two lesion regions (2) that touch only diagonally, and nuclei (1) beside them
    int[] labels = {
        2, 2, 0, 0, 0,
        2, 0, 1, 0, 0,
        0, 2, 1, 2, 2,
        0, 2, 0, 0, 2,
        1, 0, 2, 0, 0};

    int[] instances = SyntheticSlides.lesionInstances(labels, 5);

    assertThat(instances).containsExactly(
        1, 1, 0, 0, 0,
        1, 0, 0, 0, 0,
        0, 2, 0, 3, 3,
        0, 2, 0, 0, 3,
        0, 0, 4, 0, 0);
  }

  @Test
  void theInstanceMaskCoversExactlyTheLesionPixelsOfEveryTile() {
    for (int index = 1; index <= 24; index++) {
      SyntheticSlides.Tile tile = SyntheticSlides.tile(20261203, index, 256);
      Raster mask = tile.mask().getRaster();
      Raster lesions = tile.lesions().getRaster();
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          assertThat(lesions.getSample(x, y, 0) != 0).as("tile %d at (%d, %d)", index, x, y)
              .isEqualTo(mask.getSample(x, y, 0) == 2);
        }
      }
    }
  }
}
