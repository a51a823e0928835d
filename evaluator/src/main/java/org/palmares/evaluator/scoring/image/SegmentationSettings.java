package org.palmares.evaluator.scoring.image;

import java.util.Arrays;

/**
 * What a segmentation phase declares for its metrics.
 *
 * @param classes            the labels scored, each a class (1..65535; 0 is background), distinct
 * @param nsdTolerance       the tolerance τ of the normalised surface distance, in the unit of the
 *                           image spacing (mm for scans, µm for slides), ≥ 0
 * @param edgeCases          how undefined cases score
 * @param maxBorderPixels    the most border pixels one mask may have for one class. It bounds
 *                           memory (16 bytes per border pixel: its packed coordinates and its
 *                           distance); a prediction over it (a noise-like mask) has its NSD and
 *                           HD95 for that class scored at their worst values, a truth over it is
 *                           the organizer's error
 */
public record SegmentationSettings(int[] classes, double nsdTolerance, EdgeCases edgeCases,
    int maxBorderPixels) {

  /** 16 M border pixels per mask and class: at most 256 MiB for one mask's border. */
  public static final int DEFAULT_MAX_BORDER_PIXELS = 1 << 24;

  /** The largest class label: masks of up to 16-bit labels. */
  public static final int MAX_CLASS = 65535;

  public SegmentationSettings {
    if (classes == null || classes.length == 0) {
      throw new IllegalArgumentException("a segmentation phase needs at least one class label");
    }
    classes = classes.clone();
    int[] sorted = classes.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 1 || sorted[i] > MAX_CLASS) {
        throw new IllegalArgumentException("a class label must be from 1 to " + MAX_CLASS
            + " (0 is the background): " + sorted[i]);
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("class label " + sorted[i] + " is listed twice");
      }
    }
    if (!(nsdTolerance >= 0 && Double.isFinite(nsdTolerance))) {
      throw new IllegalArgumentException("the NSD tolerance must be a number >= 0 in the unit of"
          + " the image spacing: " + nsdTolerance);
    }
    if (edgeCases == null) {
      throw new IllegalArgumentException("edgeCases must be given");
    }
    if (maxBorderPixels < 1) {
      throw new IllegalArgumentException("maxBorderPixels must be positive: " + maxBorderPixels);
    }
  }

  /** Settings with the default border-pixel bound. */
  public SegmentationSettings(int[] classes, double nsdTolerance, EdgeCases edgeCases) {
    this(classes, nsdTolerance, edgeCases, DEFAULT_MAX_BORDER_PIXELS);
  }

  @Override
  public int[] classes() {
    return classes.clone();
  }
}
