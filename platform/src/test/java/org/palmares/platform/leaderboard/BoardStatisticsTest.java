package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.Scorer;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.ResampleVectors;

/**
 * From the evaluator's real scorer to the board's figures, through the embedded database: three
 * submissions scored on the same phase are paired, a strong model is ahead of a weak one on every
 * resample, and a near-copy of the strong one is tied with it for first.
 */
class BoardStatisticsTest {
  @TempDir Path folder;
  private MongoConnection mongo;

  @AfterEach
  void close() {
    if (mongo != null) {
      mongo.close();
    }
  }

  @Test
  void scoredSubmissionsOfAPhaseArePairedAndTheTiedGroupIsFound() throws Exception {
    int n = 300;
    Random rng = new Random(4);
    StringBuilder labels = new StringBuilder("id,label\n");
    StringBuilder strong = new StringBuilder("id,malignant\n");
    StringBuilder twin = new StringBuilder("id,malignant\n");
    StringBuilder weak = new StringBuilder("id,malignant\n");
    for (int i = 0; i < n; i++) {
      boolean positive = rng.nextDouble() < 0.4;
      double signal = rng.nextGaussian() + (positive ? 1.5 : 0);
      labels.append("c").append(i).append(',').append(positive ? 1 : 0).append('\n');
      strong.append("c").append(i).append(',').append(expit(signal)).append('\n');
      twin.append("c").append(i).append(',').append(expit(signal + 0.05 * rng.nextGaussian())).append('\n');
      weak.append("c").append(i).append(',').append(expit(signal + 2 * rng.nextGaussian())).append('\n');
    }
    Path labelsCsv = Files.writeString(folder.resolve("labels.csv"), labels);
    EvaluationSpec spec = new EvaluationSpec("demo", "final", "binary-classification",
        EvaluationSpec.HiddenData.binary("inputs.csv", "labels.csv", "id", "label", "1"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "malignant"),
        EvaluationSpec.MetricSpec.of("roc_auc", "accuracy"), new EvaluationSpec.Bootstrap(500, 9),
        new EvaluationSpec.Split(0.5, 3L, null), null, null);
    mongo = MongoConnection.embedded(folder.resolve("db"));
    ResampleVectors vectors = new ResampleVectors(mongo.database());
    double[] points = new double[3];
    String[] names = {"strong", "twin", "weak"};
    StringBuilder[] files = {strong, twin, weak};
    for (int s = 0; s < 3; s++) {
      ScoreReport report = Scorer.score(spec, labelsCsv, Files.writeString(folder.resolve(names[s] + ".csv"), files[s]));
      vectors.put("sub-" + names[s], report);
      points[s] = report.privatePart().metrics().get("roc_auc").value();
    }
    assertThat(points[0]).isGreaterThan(points[2]);
    // The board's order (the twin may be a hair above or below the strong model).
    List<BoardStatistics.Line> lines = new java.util.ArrayList<>(List.of(
        new BoardStatistics.Line("strong", "sub-strong", points[0]),
        new BoardStatistics.Line("twin", "sub-twin", points[1]),
        new BoardStatistics.Line("weak", "sub-weak", points[2]),
        new BoardStatistics.Line("image-scored", "sub-without-vectors", 0.5)));
    lines.sort(java.util.Comparator.comparingDouble(BoardStatistics.Line::point).reversed());

    BoardStatistics.Result result = new BoardStatistics(vectors).of(lines, "private", "roc_auc", true);

    assertThat(result.unpaired()).containsExactly("image-scored");
    RankStatistics.Board board = result.board();
    assertThat(board.resamples()).isEqualTo(500);
    RankStatistics.TeamStatistics strongStats = find(board, "strong");
    RankStatistics.TeamStatistics twinStats = find(board, "twin");
    RankStatistics.TeamStatistics weakStats = find(board, "weak");
    assertThat(strongStats.tiedForFirst()).isTrue();
    assertThat(twinStats.tiedForFirst()).isTrue();
    assertThat(weakStats.tiedForFirst()).isFalse();
    assertThat(weakStats.rankLow()).isEqualTo(3);
    assertThat(strongStats.pFirst() + twinStats.pFirst()).isGreaterThan(0.99);
  }

  private static RankStatistics.TeamStatistics find(RankStatistics.Board board, String team) {
    return board.teams().stream().filter(t -> t.team().equals(team)).findFirst().orElseThrow();
  }

  private static double expit(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
