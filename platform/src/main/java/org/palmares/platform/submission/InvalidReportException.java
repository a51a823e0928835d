package org.palmares.platform.submission;

/**
 * An evaluator reported scores that are not scores of this submission (a metric it does not
 * score, a value outside its metric's range): nothing is recorded and the evaluator is told why.
 * Sending the same report again cannot help.
 */
public final class InvalidReportException extends RuntimeException {
  public InvalidReportException(String message) {
    super(message);
  }
}
