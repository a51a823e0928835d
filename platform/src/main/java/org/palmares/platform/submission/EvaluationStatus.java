package org.palmares.platform.submission;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one evaluation (a submission at one site; the only one of a single-site challenge) is in
 * its life, and the one table of legal moves between its states: every guarded update of a job
 * in {@link SubmissionRepository} is built from {@link #guard} (its filter names the state left,
 * and the move must be in this table). QUEUED and RUNNING are live (leasable, leased);
 * AWAITING_RELEASE waits at the site for its operator's approval, out of the queue; the others
 * are terminal (only an organizer's re-run moves them again).
 */
public enum EvaluationStatus {
  QUEUED, RUNNING, AWAITING_RELEASE, SCORED, FAILED, REFUSED, WITHHELD;

  private static final Map<EvaluationStatus, Set<EvaluationStatus>> MOVES = Map.of(
      QUEUED, EnumSet.of(RUNNING),
      // back to QUEUED: lease expired, evaluator restarted or evaluator error, as the RetryPolicy says
      RUNNING, EnumSet.of(QUEUED, AWAITING_RELEASE, SCORED, FAILED, REFUSED),
      // the site's operator approves (SCORED) or rejects (WITHHELD) the result
      AWAITING_RELEASE, EnumSet.of(SCORED, WITHHELD),
      // back to QUEUED only by an organizer's explicit re-run
      SCORED, EnumSet.of(QUEUED),
      FAILED, EnumSet.of(QUEUED),
      REFUSED, EnumSet.of(QUEUED),
      WITHHELD, EnumSet.of(QUEUED));

  public boolean canMoveTo(EvaluationStatus next) {
    return MOVES.get(this).contains(next);
  }

  /**
   * This state, checked as the start of a move to {@code next}.
   *
   * @throws IllegalStateException when the table has no such move (a bug, never a user's doing)
   */
  public EvaluationStatus guard(EvaluationStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("an evaluation cannot move from " + this + " to " + next);
    }
    return this;
  }

  /** In the queue: waiting for a lease, or leased. */
  public boolean live() {
    return this == QUEUED || this == RUNNING;
  }

  /** Finished at its site: nothing moves it on its own any more. */
  public boolean terminal() {
    return this == SCORED || this == FAILED || this == REFUSED || this == WITHHELD;
  }

  /** The state of a single-site challenge's job as its submission's (the states they share by name). */
  public SubmissionStatus asSubmissionStatus() {
    return switch (this) {
      case QUEUED -> SubmissionStatus.QUEUED;
      case RUNNING, AWAITING_RELEASE -> SubmissionStatus.RUNNING;
      case SCORED -> SubmissionStatus.SCORED;
      case FAILED, REFUSED, WITHHELD -> SubmissionStatus.FAILED;
    };
  }
}
