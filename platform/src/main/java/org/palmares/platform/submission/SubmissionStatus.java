package org.palmares.platform.submission;

import java.util.Map;
import java.util.Set;

/** Where a submission is in its life, and the one table of legal moves between states. */
public enum SubmissionStatus {
  QUEUED, RUNNING, SCORED, FAILED;

  private static final Map<SubmissionStatus, Set<SubmissionStatus>> MOVES = Map.of(
      QUEUED, Set.of(RUNNING),
      // back to QUEUED: lease expired or evaluator error with attempts left
      RUNNING, Set.of(QUEUED, SCORED, FAILED),
      // back to QUEUED only by an organizer's explicit re-run
      SCORED, Set.of(QUEUED),
      FAILED, Set.of(QUEUED));

  public boolean canMoveTo(SubmissionStatus next) {
    return MOVES.get(this).contains(next);
  }

  /** Finished: nothing moves it on its own any more (only an organizer's re-run). */
  public boolean terminal() {
    return this == SCORED || this == FAILED;
  }
}
