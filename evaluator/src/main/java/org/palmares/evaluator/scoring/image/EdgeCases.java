package org.palmares.evaluator.scoring.image;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a challenge scores the cases where a segmentation metric is not defined by its formula,
 * declared in the bundle ({@code edgeCases:} in {@code challenge.yaml}) rather than implied by
 * whichever library computes it, because implementations disagree exactly there (see {@code
 * docs/challenge-format.md}).
 *
 * <ul>
 *   <li><b>Both masks empty</b> for a class (no truth, no prediction): {@link BothEmpty#BEST}
 *       scores Dice 1, NSD 1, HD95 0, as Metrics Reloaded's reference implementation does
 *       ({@code pairwise_measures.py}: "set to 1 as correct solution even if not defined",
 *       distances "set to 0"), and is the default; {@link BothEmpty#EXCLUDED} gives NaN (MONAI's
 *       choice for Dice and NSD), which the NaN rule then settles.
 *   <li><b>One mask empty</b>: Dice 0 and NSD 0 (their formulas), HD95 the worst value.
 *   <li><b>A missing case</b> (the submission wrote no mask for it): Dice 0, NSD 0, HD95 the worst
 *       value, whatever the truth (FLARE22 and BraTS score a failed case so).
 *   <li><b>The worst HD95</b> ({@code hausdorffWorst}, in the spacing's unit): given, or, when
 *       null, the physical diagonal of the case's image (for BraTS' 240 × 240 × 155 mm volumes
 *       that is 373.1, the origin of BraTS 2023's 374). A computed HD95 above it is capped at it,
 *       so that no submission scores better by writing nothing.
 *   <li><b>NaN in an average</b> (over classes, then over cases): {@link NanRule#EXCLUDE} leaves
 *       the value out (the default); {@link NanRule#WORST} counts it as the metric's worst value
 *       (Dice 0, NSD 0, HD95 worst), as Metrics Reloaded recommends for aggregation.
 * </ul>
 *
 * @param bothEmpty      the score of a class both masks leave empty
 * @param hausdorffWorst the worst HD95 in the spacing's unit, or null for each case's diagonal
 * @param nan            how an average treats a NaN
 */
public record EdgeCases(BothEmpty bothEmpty, Double hausdorffWorst, NanRule nan) {

  /** Metrics Reloaded's choices: both empty is perfect, worst HD95 the diagonal, NaN excluded. */
  public static final EdgeCases METRICS_RELOADED = new EdgeCases(BothEmpty.BEST, null,
      NanRule.EXCLUDE);

  /** The score of a class that neither the truth nor the prediction contains. */
  public enum BothEmpty {
    /** Dice 1, NSD 1, HD95 0 (Metrics Reloaded). */
    BEST,
    /** NaN, settled by the {@link NanRule}. */
    EXCLUDED
  }

  /** What an average does with a NaN. */
  public enum NanRule {
    /** Leave it out of the average; an average of NaNs only is NaN (undefined). */
    EXCLUDE,
    /** Count it as the metric's worst value. */
    WORST
  }

  public EdgeCases {
    if (bothEmpty == null || nan == null) {
      throw new IllegalArgumentException("edgeCases needs bothEmpty and nan");
    }
    if (hausdorffWorst != null && !(hausdorffWorst > 0 && Double.isFinite(hausdorffWorst))) {
      throw new IllegalArgumentException("edgeCases.hausdorffWorst must be a positive number (in"
          + " the unit of the image spacing): " + hausdorffWorst);
    }
  }

  private static final Set<String> KEYS = Set.of("bothEmpty", "hausdorffWorst", "nan");

  /**
   * The edge cases a bundle declares under {@code edgeCases:}, each key optional and at its
   * {@link #METRICS_RELOADED} default when absent: {@code bothEmpty: best | excluded},
   * {@code hausdorffWorst: <number>}, {@code nan: exclude | worst}.
   *
   * @param node the parsed YAML mapping, or null for all defaults
   * @throws IllegalArgumentException naming the key and the accepted values
   */
  public static EdgeCases parse(Map<String, ?> node) {
    if (node == null) {
      return METRICS_RELOADED;
    }
    for (String key : new TreeSet<>(node.keySet())) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("edgeCases: unknown key '" + key + "'; known keys: "
            + String.join(", ", new TreeSet<>(KEYS)));
      }
    }
    BothEmpty bothEmpty = choice(node.get("bothEmpty"), "bothEmpty", BothEmpty.class,
        METRICS_RELOADED.bothEmpty());
    NanRule nan = choice(node.get("nan"), "nan", NanRule.class, METRICS_RELOADED.nan());
    Object worst = node.get("hausdorffWorst");
    if (worst != null && !(worst instanceof Number)) {
      throw new IllegalArgumentException("edgeCases.hausdorffWorst must be a number: '" + worst
          + "'");
    }
    return new EdgeCases(bothEmpty, worst == null ? null : ((Number) worst).doubleValue(), nan);
  }

  private static <E extends Enum<E>> E choice(Object value, String key, Class<E> type, E dflt) {
    return value == null ? dflt : BundleNames.byId(type, value, "edgeCases." + key);
  }

  /** The worst HD95 of a case whose image has this size and spacing. */
  public double hausdorffWorst(int[] size, double[] spacing) {
    if (hausdorffWorst != null) {
      return hausdorffWorst;
    }
    double squares = 0;
    for (int axis = 0; axis < 3; axis++) {
      double extent = size[axis] * spacing[axis];
      squares += size[axis] > 1 || axis < 2 ? extent * extent : 0;
    }
    return Math.sqrt(squares);
  }
}
