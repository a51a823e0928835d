package org.palmares.evaluator.provenance;

/** A signed record that cannot be read or does not hold: the message says what, in a sentence. */
public final class ProvenanceException extends RuntimeException {
  public ProvenanceException(String message) {
    super(message);
  }

  public ProvenanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
