package org.palmares.evaluator.scoring.image;

/**
 * A prediction mask does not have the truth's geometry, so no pixel-wise metric applies. The
 * caller validates geometry first and tells the competitor ("case 17: mask is 512×512, image is
 * 1024×1024"); this is the metrics' own guard, with the same kind of sentence.
 */
public final class MaskMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MaskMismatchException(String message) {
    super(message);
  }
}
