package org.palmares.evaluator.image;

import java.io.IOException;

/**
 * A file that is not a readable image of its declared format; the message is a phrase that
 * completes "case 17: the mask ..." and names nothing of the file's content.
 */
public final class ImageFormatException extends IOException {
  public ImageFormatException(String message) {
    super(message);
  }
}
