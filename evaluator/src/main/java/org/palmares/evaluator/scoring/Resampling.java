package org.palmares.evaluator.scoring;

import java.util.List;

/**
 * How the resamples of one part were drawn, shared by every metric of the part: what the platform
 * needs to pair two submissions' resample vectors.
 *
 * @param scheme   {@code stratified}: each class (event indicator for survival; everything for
 *                 regression) resampled within itself, so no resample is one-class
 * @param drawn    resamples drawn
 * @param valid    resamples on which every metric defined on the part is defined: the others are
 *                 dropped for all metrics alike, and every interval of the part rests on these
 * @param reported how many of the first resamples the vectors of {@link SplitScores#resampleValues()}
 *                 cover (at most 2,000, to bound the report)
 * @param key      names the resample indices (challenge, phase, part, seed, count, the part's ids):
 *                 two vectors are paired exactly when their keys are equal
 * @param dropped  indices, below {@code reported}, of the resamples dropped; each vector holds the
 *                 values of the other {@code reported - dropped.size()} in order
 */
public record Resampling(String scheme, int drawn, int valid, int reported, String key,
    List<Integer> dropped) {

  /**
   * The vectors cover at most this many resamples (the first ones), so that a report of every
   * metric of both parts stays well under the platform's 4 MiB evaluator body limit (2,000 values
   * × 12 metrics × 2 parts ≈ 1 MiB of JSON) even when a challenge draws 100,000. The first
   * resamples of a key are the same for every submission, so the pairing holds.
   */
  public static final int REPORTED_MAX = 2000;

  public Resampling {
    dropped = dropped == null ? List.of() : List.copyOf(dropped);
  }

  /** How many values each metric's vector holds. */
  public int vectorLength() {
    return reported - dropped.size();
  }
}
