package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.junit.jupiter.api.Test;

class KendallTauTest {

  @Test
  void itAgreesWithCommonsMathWithAndWithoutTies() {
    Random rng = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + rng.nextInt(60);
      int levels = 1 + rng.nextInt(12); // few levels: many ties on both sides
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = trial % 2 == 0 ? rng.nextInt(levels) : rng.nextGaussian();
        y[i] = rng.nextInt(levels) + (trial % 3 == 0 ? 0 : 0.1 * x[i]);
      }
      double expected = new KendallsCorrelation().correlation(x, y);
      double actual = new KendallTau(x).against(y);
      if (Double.isNaN(expected)) {
        assertThat(actual).as("trial %d", trial).isNaN();
      } else {
        assertThat(actual).as("trial %d", trial).isCloseTo(expected, within(1e-12));
      }
    }
  }

  @Test
  void theSameRankingIsOneAndTheReversedIsMinusOne() {
    KendallTau tau = new KendallTau(new double[] {1, 2, 3, 4});
    assertThat(tau.against(new double[] {10, 20, 30, 40})).isEqualTo(1.0);
    assertThat(tau.against(new double[] {4, 3, 2, 1})).isEqualTo(-1.0);
  }
}
