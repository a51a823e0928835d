package org.palmares.platform.challenge;

/**
 * One thing wrong with a bundle, located for its organizer: {@code file:line: what}, where
 * {@code what} starts with the field path when there is one.
 */
public record BundleProblem(String file, int line, String message) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
