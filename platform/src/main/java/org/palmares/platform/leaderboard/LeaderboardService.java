package org.palmares.platform.leaderboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.scoring.BinaryMetric;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionStatus;

/**
 * Computes leaderboards from the submissions. Only the public part's scores appear, rounded: a
 * score shown at full precision is an oracle on the hidden labels.
 */
public final class LeaderboardService {
  /** Decimal places shown on public boards. */
  public static final int PUBLIC_PRECISION = 4;

  private final SubmissionRepository submissions;

  public LeaderboardService(SubmissionRepository submissions) {
    this.submissions = submissions;
  }

  public Leaderboard of(Challenge challenge) {
    String metric = challenge.primaryMetric();
    boolean higherIsBetter = BinaryMetric.byName(metric).higherIsBetter();
    Comparator<Double> better = higherIsBetter ? Comparator.reverseOrder() : Comparator.naturalOrder();

    Map<String, List<Submission>> byTeam = new LinkedHashMap<>();
    for (Submission s : submissions.ofChallenge(challenge.slug())) {
      byTeam.computeIfAbsent(s.teamId(), t -> new ArrayList<>()).add(s);
    }
    record Best(Submission submission, MetricValue value, int counted, Instant last) {}
    List<Best> bests = new ArrayList<>();
    for (List<Submission> team : byTeam.values()) {
      Submission best = null;
      MetricValue bestValue = null;
      int counted = 0;
      Instant last = null;
      for (Submission s : team) {
        if (s.countsAgainstQuota() && (s.status() == SubmissionStatus.SCORED || s.status() == SubmissionStatus.FAILED)) {
          counted++;
        }
        last = last == null || s.createdAt().isAfter(last) ? s.createdAt() : last;
        if (s.status() != SubmissionStatus.SCORED) {
          continue;
        }
        MetricValue v = s.scores().publicPart().metrics().get(metric);
        if (v == null || v.value() == null) {
          continue;
        }
        // ties keep the earlier submission
        if (best == null || better.compare(v.value(), bestValue.value()) < 0) {
          best = s;
          bestValue = v;
        }
      }
      if (best != null) {
        bests.add(new Best(best, bestValue, counted, last));
      }
    }
    bests.sort(Comparator.comparing((Best b) -> round(b.value().value()), better)
        .thenComparing(b -> b.submission().createdAt()));
    List<Leaderboard.Entry> entries = new ArrayList<>();
    for (int i = 0; i < bests.size(); i++) {
      Best b = bests.get(i);
      double score = round(b.value().value());
      int rank = i > 0 && entries.get(i - 1).score() == score ? entries.get(i - 1).rank() : i + 1;
      entries.add(new Leaderboard.Entry(rank, b.submission().teamName(), score,
          b.value().ci() == null ? null : round(b.value().ci().low()),
          b.value().ci() == null ? null : round(b.value().ci().high()),
          b.counted(), b.last(), b.submission().createdAt()));
    }
    return new Leaderboard(challenge.slug(), metric, higherIsBetter, List.copyOf(entries));
  }

  /** Rounds half-up to the public precision. */
  public static double round(double value) {
    return BigDecimal.valueOf(value).setScale(PUBLIC_PRECISION, RoundingMode.HALF_UP).doubleValue();
  }
}
