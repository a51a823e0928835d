package org.palmares.platform.leaderboard;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One team on one phase's board: the facts of its submissions, and the rule that picks the
 * submission representing it. The pick is made on the public part only (best public score, or the
 * latest scored submission); the private board ranks that same submission, so nobody can choose
 * after the fact the submission that happened to do best on the private part. Disqualified
 * submissions count for nothing.
 *
 * <p>The rule does not depend on the order facts arrive in (a late report of an older
 * submission), so a team is updated by replacing one fact and asking again.
 *
 * @param teamId team id
 * @param facts  its submissions' facts by submission id
 */
public record TeamStanding(String teamId, Map<String, SubmissionFact> facts) {

  public TeamStanding {
    facts = Map.copyOf(facts);
  }

  /** A team with no submission yet. */
  public static TeamStanding empty(String teamId) {
    return new TeamStanding(teamId, Map.of());
  }

  /** This team with {@code fact} replacing what it knew of the same submission. */
  public TeamStanding with(SubmissionFact fact) {
    Map<String, SubmissionFact> next = new LinkedHashMap<>(facts);
    next.put(fact.id(), fact);
    return new TeamStanding(teamId, next);
  }

  /** Submissions that count against the quota, disqualified ones excepted. */
  public int counted() {
    return (int) facts.values().stream().filter(f -> !f.disqualified() && f.counts()).count();
  }

  /** Time of the latest submission that is not disqualified, or null. */
  public Instant lastSubmissionAt() {
    return facts.values().stream().filter(f -> !f.disqualified()).map(SubmissionFact::createdAt)
        .max(Comparator.naturalOrder()).orElse(null);
  }

  /**
   * The submission that represents the team: under {@code latest}, the newest scored one; else
   * the best public score, a tie keeping the earlier submission.
   */
  public Optional<SubmissionFact> pick(boolean keepsLatest, boolean higherIsBetter) {
    Comparator<SubmissionFact> earlierFirst = Comparator.comparing(SubmissionFact::createdAt)
        .thenComparing(SubmissionFact::id);
    Comparator<SubmissionFact> preferred;
    if (keepsLatest) {
      preferred = earlierFirst.reversed();
    } else {
      Comparator<SubmissionFact> byScore = Comparator.comparingDouble(f -> f.publicScore().value());
      preferred = (higherIsBetter ? byScore.reversed() : byScore).thenComparing(earlierFirst);
    }
    return facts.values().stream().filter(f -> !f.disqualified() && f.publicScore() != null).min(preferred);
  }
}
