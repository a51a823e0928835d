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
  POINT_IN_MASK("point_in_mask"),
  /**
   * The detection's point (or box centre) lies in the lesion's box, bounds included; the
   * threshold is unused. The lesions must be boxes.
   */
  POINT_IN_BOX("point_in_box"),
  /** The physical distance between the centres is at most the threshold (spacing units). */
  CENTRE_DISTANCE("centre_distance"),
  /** The intersection over union of the two boxes exceeds the threshold (strictly). Boxes only. */
  IOU("iou");

  private final String id;

  MatchCriterion(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The criterion of this bundle name. */
  public static MatchCriterion byId(String id) {
    for (MatchCriterion c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown matching criterion '" + id
        + "'; known: point_in_mask, point_in_box, centre_distance, iou");
  }
}
