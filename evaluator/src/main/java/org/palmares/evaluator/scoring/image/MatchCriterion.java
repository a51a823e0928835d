package org.palmares.evaluator.scoring.image;

/**
 * When a detection may count for a truth lesion, with the phase's declared threshold (the
 * localisation criteria of Metrics Reloaded, {@code utility/assignment_localization.py}).
 */
public enum MatchCriterion {
  /**
   * The detection's point (or box centre) falls in the lesion, the lesions being an instance mask
   * (each lesion its own label, 0 the background: CAMELYON16's evaluation masks); the pixel of a
   * point is the one whose centre is nearest. The threshold is unused.
   */
  POINT_IN_MASK,
  /**
   * The detection's point (or box centre) lies in the lesion's box, bounds included; the
   * threshold is unused. The lesions must be boxes.
   */
  POINT_IN_BOX,
  /** The physical distance between the centres is at most the threshold (spacing units). */
  CENTRE_DISTANCE,
  /** The intersection over union of the two boxes exceeds the threshold (strictly). Boxes only. */
  IOU;

  /** The name bundles use. */
  public String id() {
    return BundleNames.id(this);
  }

  /** The criterion of this bundle name. */
  public static MatchCriterion byId(String id) {
    return BundleNames.byId(MatchCriterion.class, id, "the matching criterion");
  }
}
