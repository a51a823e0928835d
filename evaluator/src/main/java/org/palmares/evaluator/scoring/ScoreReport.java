package org.palmares.evaluator.scoring;

/**
 * The scores of one submission: every metric of the evaluation spec on the public part of the
 * test set (shown while the phase runs) and on the private part (revealed when it ends).
 *
 * @param primaryMetric the metric leaderboards rank by, a key of both parts' metrics
 * @param publicPart    scores on the public part
 * @param privatePart   scores on the private part
 */
public record ScoreReport(String primaryMetric, SplitScores publicPart, SplitScores privatePart) {

  /** The same scores without the bulky resample vectors (what a submission's document keeps). */
  public ScoreReport withoutResampleValues() {
    return new ScoreReport(primaryMetric, publicPart == null ? null : publicPart.withoutResampleValues(),
        privatePart == null ? null : privatePart.withoutResampleValues());
  }
}
