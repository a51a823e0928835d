package org.palmares.evaluator.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * The grid of an image: columns, rows and slices, and the physical size of a pixel along each,
 * in the challenge's spacing unit. A prediction mask must have its image's geometry.
 *
 * @param size    {@code [width, height, depth]}, depth 1 for a 2-D image
 * @param spacing {@code [x, y, z]} physical pixel size; {@code [1, 1, 1]} when the file says none
 */
public record ImageGeometry(int[] size, double[] spacing) {
  /** Relative difference below which two spacings are the same (files round them differently). */
  static final double SPACING_TOLERANCE = 1e-3;

  public ImageGeometry {
    size = size.clone();
    spacing = spacing.clone();
  }

  public int width() {
    return size[0];
  }

  public int height() {
    return size[1];
  }

  public int depth() {
    return size[2];
  }

  /** Pixels in all. */
  public long pixels() {
    return (long) size[0] * size[1] * size[2];
  }

  /** "512×512" or "512×512×40". */
  public String sizeText() {
    return size[2] == 1 ? size[0] + "×" + size[1] : size[0] + "×" + size[1] + "×" + size[2];
  }

  /** "0.5 × 0.5" (or with z), in the spacing unit. */
  public String spacingText() {
    int n = size[2] == 1 ? 2 : 3;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " × ").append(new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", spacing[i]))
          .stripTrailingZeros().toPlainString());
    }
    return b.toString();
  }

  /** Whether the file said no spacing: one pixel along every axis, as the readers report it then. */
  public boolean statesNoSpacing() {
    return spacing[0] == 1 && spacing[1] == 1 && spacing[2] == 1;
  }

  public boolean sameSize(ImageGeometry other) {
    return Arrays.equals(size, other.size);
  }

  /** Same spacing within {@link #SPACING_TOLERANCE}, relatively, along every axis that has more than one pixel. */
  public boolean sameSpacing(ImageGeometry other) {
    for (int i = 0; i < 3; i++) {
      if (size[i] > 1 && Math.abs(spacing[i] - other.spacing[i]) > SPACING_TOLERANCE * Math.max(spacing[i],
          other.spacing[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageGeometry g && Arrays.equals(size, g.size) && Arrays.equals(spacing, g.spacing);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(size) * 31 + Arrays.hashCode(spacing);
  }

  @Override
  public String toString() {
    return sizeText() + " at " + spacingText();
  }
}
