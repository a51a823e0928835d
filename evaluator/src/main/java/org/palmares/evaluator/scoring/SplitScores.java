package org.palmares.evaluator.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of one part (public or private) of the test set.
 *
 * @param cases          number of test cases in the part
 * @param positives      number of them in the positive class (binary classification), or with the
 *                       event (survival); 0 for multiclass classification and regression
 * @param metrics        metric name to value, in the order of the evaluation spec (primary first);
 *                       unmodifiable
 * @param resampling     how the part's resamples were drawn, shared by every metric; null from a
 *                       scoring image or an older evaluator
 * @param resampleValues metric name to its value on each valid reported resample (see {@link
 *                       Resampling#dropped()}): aggregates only, nothing per case; empty when
 *                       {@code resampling} is null or for a metric undefined on the part
 * @param suppressed     the counts a site withheld under its minimum cell count ({@code cases},
 *                       {@code positives}): each is sent as 0 and named here, so a reader must look
 *                       here before using a count. Empty (and absent from the JSON, which stays as
 *                       it was) when nothing was withheld. See docs/sites.md, "Small cells".
 */
public record SplitScores(int cases, int positives, Map<String, MetricValue> metrics,
    Resampling resampling, Map<String, List<Double>> resampleValues,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> suppressed) {

  /** The name in {@link #suppressed()} of a withheld {@link #cases()}. */
  public static final String CASES = "cases";
  /** The name in {@link #suppressed()} of a withheld {@link #positives()}. */
  public static final String POSITIVES = "positives";

  public SplitScores {
    if (cases < 0 || positives < 0 || positives > cases) {
      throw new IllegalArgumentException("inconsistent counts: " + positives + " positives out of "
          + cases + " cases");
    }
    // Map.copyOf would lose the spec order, which readers rely on (primary metric first).
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    resampleValues = resampleValues == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(resampleValues));
    suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
  }

  /** Scores of which no count is withheld. */
  public SplitScores(int cases, int positives, Map<String, MetricValue> metrics, Resampling resampling,
      Map<String, List<Double>> resampleValues) {
    this(cases, positives, metrics, resampling, resampleValues, null);
  }

  /** Scores without resample vectors (scoring images, older evaluators, tests). */
  public SplitScores(int cases, int positives, Map<String, MetricValue> metrics) {
    this(cases, positives, metrics, null, null);
  }

  /** The same scores without the resample vectors: what hot documents keep. */
  public SplitScores withoutResampleValues() {
    return new SplitScores(cases, positives, metrics, resampling, null, suppressed);
  }
}
