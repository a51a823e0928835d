package org.palmares.evaluator.scoring.image;

/**
 * The per-class metrics of semantic segmentation, by the names bundles use. Definitions (Metrics
 * Reloaded, Maier-Hein et al., Nat Methods 2024, and its reference implementation {@code
 * MetricsReloaded/metrics/pairwise_measures.py}, with which MONAI agrees on these):
 *
 * <ul>
 *   <li>{@link #DICE}: 2|T ∩ P| / (|T| + |P|) over pixels (voxels).
 *   <li>{@link #NSD}: normalised surface distance at tolerance τ, (|B_P within τ of B_T| + |B_T
 *       within τ of B_P|) / (|B_P| + |B_T|), "within" meaning a distance ≤ τ.
 *   <li>{@link #HD95}: the larger of the two directed 95th percentiles of the distances from each
 *       border pixel of one mask to the nearest border pixel of the other, percentiles by linear
 *       interpolation ({@code numpy.percentile}'s default).
 * </ul>
 *
 * <p>The border B of a mask is the set of its pixels that morphological erosion removes, with the
 * cross-shaped element (4-connectivity in 2-D, 6 in 3-D) and outside the image counted as
 * background: a mask pixel is on the border when one of its 4 (6) neighbours is not in the mask
 * or lies outside the image. This is {@code mask - scipy.ndimage.binary_erosion(mask)}, as in
 * Metrics Reloaded's {@code MorphologyOps.border_map} and MONAI's {@code get_mask_edges}; it is
 * a set of border pixels, not of surface elements (MONAI's {@code use_subvoxels}), so NSD and HD95
 * are comparable with theirs and not with nnU-Net's. Distances are Euclidean between pixel
 * centres in physical units (the image spacing), as {@code distance_transform_edt(sampling=…)}.
 * An image of depth 1 is 2-D (its single slice has no neighbours above or below).
 */
public enum SegmentationMetric {
  DICE,
  NSD,
  HD95;

  /** The name bundles use: {@code dice}, {@code nsd}, {@code hd95}. */
  public String metricName() {
    return BundleNames.id(this);
  }

  /** Whether a larger value is better (a distance is better small). */
  public boolean higherIsBetter() {
    return this != HD95;
  }

  /** The metric of this name. */
  public static SegmentationMetric byName(String name) {
    return BundleNames.byId(SegmentationMetric.class, name, "the segmentation metric");
  }
}
