package org.palmares.evaluator.scoring;

import org.palmares.evaluator.protocol.ProblemKind;

/**
 * The predictions file a submission wrote cannot be scored. The message is one sentence the
 * competitor can act on ("row 17: id 'case-9999' is not in the test set"); it names rows, ids and
 * values from the competitor's own file and never reveals a hidden label. Because those rows and
 * values may be copies of the hidden inputs, it also carries a value-free {@link #kind()} and the
 * contract {@link #column()} it concerns: what a phase that withholds logs shows instead.
 */
public final class InvalidPredictionsException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ProblemKind kind;
  private final String column;

  /**
   * @param kind    the category of the problem (an {@code INVALID_OUTPUT} one)
   * @param column  the column of the prediction contract it concerns, or null
   * @param message the detailed sentence (organizers, and teams of phases that show logs)
   */
  public InvalidPredictionsException(ProblemKind kind, String column, String message) {
    super(message);
    this.kind = kind;
    this.column = column;
  }

  public InvalidPredictionsException(ProblemKind kind, String message) {
    this(kind, null, message);
  }

  /** What kind of problem it is, without any value of the file. */
  public ProblemKind kind() {
    return kind;
  }

  /** The contract column the problem is in (a public name), or null. */
  public String column() {
    return column;
  }
}
