package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.List;

/**
 * The Ladder (Blum and Hardt, "The Ladder: A Reliable Leaderboard for Machine Learning
 * Competitions", ICML 2015), parameter-free variant (their Algorithm 2), as a phase option
 * ({@code ladder: true}): a team's public score changes only when a submission beats the team's
 * best so far by more than the noise of the paired comparison, so that resubmitting small
 * variations to climb the public board on noise (the "wacky boosting" attack of the paper) moves
 * nothing. A pure function the board calls with the team's submissions in time order.
 *
 * <p>The paper's threshold is the standard error of the per-case loss differences between the new
 * submission and the best one, s / √n. We hold no per-case data, only the paired bootstrap
 * resamples of the metric, whose standard deviation of the paired differences estimates the same
 * standard error (Efron and Tibshirani 1993, ch. 6), for any metric rather than per-case losses
 * only. The shown score is the new point score rounded to the board's precision (the paper
 * rounds to 1/n).
 */
public final class Ladder {

  /**
   * One scored submission of a team.
   *
   * @param id        the submission
   * @param point     its public score
   * @param resamples its public score on the paired resamples (the same length for every
   *                  submission of the team)
   */
  public record Scored(String id, double point, double[] resamples) {}

  /**
   * A step of the ladder.
   *
   * @param improved  whether this submission became the team's best
   * @param best      the submission whose score is shown after this step
   * @param shown     the score shown, rounded
   * @param threshold the improvement it had to exceed (NaN for the first submission)
   */
  public record Step(boolean improved, String best, double shown, double threshold) {}

  private Ladder() {}

  /**
   * Replays a team's submissions in time order.
   *
   * @return one step per submission; the last one's {@code best} and {@code shown} are the board's
   */
  public static List<Step> replay(List<Scored> inOrder, boolean higherIsBetter, int precision) {
    List<Step> steps = new ArrayList<>();
    Scored best = null;
    double shown = Double.NaN;
    for (Scored s : inOrder) {
      Step step = best == null
          ? new Step(true, s.id(), LeaderboardService.round(s.point(), precision), Double.NaN)
          : step(best, shown, s, higherIsBetter, precision);
      if (step.improved()) {
        best = s;
      }
      shown = step.shown();
      steps.add(step);
    }
    return List.copyOf(steps);
  }

  /**
   * One step: whether {@code candidate} beats {@code best} by more than the standard deviation of
   * their paired resample differences.
   */
  public static Step step(Scored best, double shown, Scored candidate, boolean higherIsBetter, int precision) {
    if (best.resamples().length != candidate.resamples().length || best.resamples().length < 2) {
      throw new IllegalArgumentException("the ladder needs two paired vectors of at least two resamples");
    }
    double sign = higherIsBetter ? 1 : -1;
    int b = best.resamples().length;
    double mean = 0;
    double[] difference = new double[b];
    for (int r = 0; r < b; r++) {
      difference[r] = sign * (candidate.resamples()[r] - best.resamples()[r]);
      mean += difference[r];
    }
    mean /= b;
    double squares = 0;
    for (double d : difference) {
      squares += (d - mean) * (d - mean);
    }
    double threshold = Math.sqrt(squares / (b - 1));
    double gain = sign * (candidate.point() - best.point());
    boolean improved = gain > threshold;
    return improved
        ? new Step(true, candidate.id(), LeaderboardService.round(candidate.point(), precision), threshold)
        : new Step(false, best.id(), shown, threshold);
  }
}
