package org.palmares.evaluator.scoring.image;

/**
 * How detections and lesions that may match are paired one to one (a lesion counts once; a
 * second detection of it is a false positive, Metrics Reloaded's default {@code flag_fp_in}).
 * Bundles name them in lower case ({@code hungarian}, {@code greedy_by_score}).
 */
public enum Assignment {
  /**
   * The most pairs, and among the pairings with the most pairs the best total quality (IoU, or
   * closeness): a maximum-weight bipartite matching (JGraphT's exact Hungarian method) with each
   * candidate pair weighted n + quality, n above any sum of qualities, so that cardinality comes
   * first.
   */
  HUNGARIAN,
  /**
   * Detections in decreasing probability (ties in file order), each taking the best-quality lesion
   * still free among those it may match (Metrics Reloaded's {@code greedy_performance}, COCO's
   * way).
   */
  GREEDY_BY_SCORE;

  /** The name bundles use. */
  public String id() {
    return BundleNames.id(this);
  }

  /** The assignment of this bundle name. */
  public static Assignment byId(String id) {
    return BundleNames.byId(Assignment.class, id, "the assignment");
  }
}
