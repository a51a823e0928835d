package org.palmares.evaluator.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one part (public or private) of the test set.
 *
 * @param cases     number of test cases in the part
 * @param positives number of them in the positive class (binary classification), or with the
 *                  event (survival); 0 for multiclass classification and regression
 * @param metrics   metric name to value, in the order of the evaluation spec (primary first);
 *                  unmodifiable
 */
public record SplitScores(int cases, int positives, Map<String, MetricValue> metrics) {

  public SplitScores {
    if (cases < 0 || positives < 0 || positives > cases) {
      throw new IllegalArgumentException("inconsistent counts: " + positives + " positives out of "
          + cases + " cases");
    }
    // Map.copyOf would lose the spec order, which readers rely on (primary metric first).
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
