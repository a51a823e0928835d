package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LadderTest {

  private static final double[] SHARED = new double[1000];

  static {
    Random rng = new Random(1);
    for (int r = 0; r < SHARED.length; r++) {
      SHARED[r] = 0.03 * rng.nextGaussian();
    }
  }

  /** A submission whose own resampling noise around the shared one has this standard deviation. */
  private static Ladder.Scored submission(String id, double point, double own, long seed) {
    Random rng = new Random(seed);
    double[] v = new double[SHARED.length];
    for (int r = 0; r < v.length; r++) {
      v[r] = point + SHARED[r] + own * rng.nextGaussian();
    }
    return new Ladder.Scored(id, point, v);
  }

  @Test
  void smallGainsWithinThePairedNoiseDoNotMoveThePublicScore() {
    // Each resubmission is a hair better than the last (the probing attack): own noise 0.01.
    List<Ladder.Step> steps = Ladder.replay(List.of(submission("s1", 0.800, 0.01, 2),
        submission("s2", 0.802, 0.01, 3), submission("s3", 0.804, 0.01, 4), submission("s4", 0.806, 0.01, 5)),
        true, 4);

    assertThat(steps).extracting(Ladder.Step::improved).containsExactly(true, false, false, false);
    assertThat(steps).extracting(Ladder.Step::shown).containsOnly(0.8);
    assertThat(steps.get(3).best()).isEqualTo("s1");
    // The paired threshold is about sqrt(2) * 0.01, not the 0.03 of the shared noise.
    assertThat(steps.get(1).threshold()).isBetween(0.012, 0.017);
  }

  @Test
  void aRealImprovementIsShownRoundedToTheBoardsPrecision() {
    List<Ladder.Step> steps = Ladder.replay(List.of(submission("s1", 0.800, 0.01, 2),
        submission("s2", 0.84567, 0.01, 3)), true, 3);

    assertThat(steps.get(1).improved()).isTrue();
    assertThat(steps.get(1).best()).isEqualTo("s2");
    assertThat(steps.get(1).shown()).isEqualTo(0.846);
  }

  @Test
  void aWorseSubmissionKeepsTheBestAndForALossLowerIsBetter() {
    List<Ladder.Step> steps = Ladder.replay(List.of(submission("s1", 0.30, 0.01, 2),
        submission("s2", 0.40, 0.01, 3), submission("s3", 0.20, 0.01, 4)), false, 2);

    assertThat(steps).extracting(Ladder.Step::improved).containsExactly(true, false, true);
    assertThat(steps).extracting(Ladder.Step::shown).containsExactly(0.3, 0.3, 0.2);
  }
}
