package org.palmares.platform.submission;

/**
 * How the queue tells the leaderboards that a submission changed, so boards are updated per
 * result instead of being recomputed from every submission. Given to {@link SubmissionService}'s
 * constructor.
 */
public interface BoardHook {
  /** A hook for a queue without boards (tests of the queue alone). */
  BoardHook NONE = new BoardHook() {
    @Override
    public void anticipate(Submission next) {}

    @Override
    public void changed(String submissionId) {}
  };

  /**
   * {@code next} is the state the submission is about to be stored in (a result about to be
   * published): boards show it before anyone can see the new status (read-your-writes). If the
   * store is then refused, {@link #changed} follows and the board takes the stored state back.
   */
  void anticipate(Submission next);

  /** The stored state of the submission changed: boards read it again (by id) and update its team. */
  void changed(String submissionId);
}
