package org.palmares.evaluator.scoring;

/**
 * The predictions file a submission wrote cannot be scored. The message is one sentence the
 * competitor can act on ("row 17: id 'case-9999' is not in the test set"); it names rows, ids and
 * values from the competitor's own file and never reveals a hidden label.
 */
public final class InvalidPredictionsException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidPredictionsException(String message) {
    super(message);
  }
}
