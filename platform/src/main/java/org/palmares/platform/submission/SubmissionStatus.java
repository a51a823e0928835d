package org.palmares.platform.submission;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a submission is in its life, and the one table of legal moves between states: every
 * guarded update of {@link SubmissionRepository} is built from {@link #guard} (its filter names
 * the state left, and the move must be in this table), as JobRunr builds its state changes from
 * its table of allowed ones. QUEUED and RUNNING are live (the job is in the {@code jobs}
 * collection); SCORED and FAILED are finished (the submission is only in the archive).
 */
public enum SubmissionStatus {
  QUEUED, RUNNING, SCORED, FAILED;

  private static final Map<SubmissionStatus, Set<SubmissionStatus>> MOVES = Map.of(
      QUEUED, EnumSet.of(RUNNING),
      // back to QUEUED: lease expired, evaluator restarted or evaluator error, with attempts left
      RUNNING, EnumSet.of(QUEUED, SCORED, FAILED),
      // back to QUEUED only by an organizer's explicit re-run
      SCORED, EnumSet.of(QUEUED),
      FAILED, EnumSet.of(QUEUED));

  public boolean canMoveTo(SubmissionStatus next) {
    return MOVES.get(this).contains(next);
  }

  /**
   * This state, checked as the start of a move to {@code next}.
   *
   * @throws IllegalStateException when the table has no such move (a bug, never a user's doing)
   */
  public SubmissionStatus guard(SubmissionStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("a submission cannot move from " + this + " to " + next);
    }
    return this;
  }

  /** Finished: nothing moves it on its own any more (only an organizer's re-run). */
  public boolean terminal() {
    return this == SCORED || this == FAILED;
  }

  /** Live: a job in the queue or leased to a worker. */
  public boolean live() {
    return !terminal();
  }
}
