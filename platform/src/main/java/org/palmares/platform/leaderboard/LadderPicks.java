package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.submission.ResampleVectors;

/**
 * The submission each team is shown by on a phase that uses the {@link Ladder} ({@code ladder: true}): its
 * submissions that count (not disqualified, scored on the public part) replayed in time order on their public
 * resample vectors of the primary metric, so a new submission replaces the team's best only when it beats it by
 * more than the noise of the paired comparison. The private board ranks that same submission.
 *
 * <p>A team some of whose submissions have no paired vector (scored by a scoring image or an older evaluator, or
 * on another resampling) cannot be replayed: it keeps the phase's ordinary pick, rather than a ladder over part of
 * its history, which would let an unpaired submission escape the rule in either direction.
 */
final class LadderPicks {
  private LadderPicks() {}

  /**
   * The ladder's pick of every team that can be replayed, by team id (empty when the phase does not use the ladder).
   *
   * @param vectors where the public vectors are read (the board's cache)
   */
  static Map<String, String> of(Challenge challenge, Phase phase, Collection<TeamStanding> teams,
      BoardStatistics.Source vectors) {
    if (!phase.usesLadder() || phase.keepsLatest()) {
      return Map.of();
    }
    String metric = challenge.primaryMetricOf(phase);
    Map<String, String> picks = new HashMap<>();
    for (TeamStanding team : teams) {
      List<SubmissionFact> inOrder = team.facts().values().stream()
          .filter(f -> !f.disqualified() && f.publicScore() != null)
          .sorted(Comparator.comparing(SubmissionFact::createdAt).thenComparing(SubmissionFact::id)).toList();
      if (inOrder.isEmpty()) {
        continue;
      }
      Map<String, ResampleVectors.Stored> stored = vectors.of(inOrder.stream().map(SubmissionFact::id).toList(),
          LeaderboardService.Part.PUBLIC.label());
      List<PairedVectors.Input> inputs = new ArrayList<>(inOrder.size());
      for (SubmissionFact f : inOrder) {
        ResampleVectors.Stored s = stored.get(f.id());
        List<Double> values = s == null ? null : s.values().get(metric);
        inputs.add(new PairedVectors.Input(f.id(), f.publicScore().value(), values == null ? null : s.resampling(),
            values));
      }
      PairedVectors.Aligned aligned = PairedVectors.align(inputs);
      if (!aligned.unpaired().isEmpty() || aligned.paired().get(0).resamples().length < 2) {
        continue; // not every submission is paired: the ordinary pick
      }
      List<Ladder.Scored> scored = aligned.paired().stream()
          .map(t -> new Ladder.Scored(t.team(), t.point(), t.resamples())).toList();
      List<Ladder.Step> steps = Ladder.replay(scored, challenge.higherIsBetter(metric), phase.precision());
      picks.put(team.teamId(), steps.get(steps.size() - 1).best());
    }
    return Map.copyOf(picks);
  }
}
