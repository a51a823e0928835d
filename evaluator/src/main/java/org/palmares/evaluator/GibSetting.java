package org.palmares.evaluator;

/** A size a site sets in GiB through an environment variable (a disk budget), read in one way. */
public final class GibSetting {
  private GibSetting() {}

  /**
   * {@code variable} as a positive number of GiB, in bytes; {@code otherwise} when it is not set.
   *
   * @throws IllegalArgumentException when it is set to anything but a positive number
   */
  public static long bytes(String variable, long otherwise) {
    String set = System.getenv(variable);
    if (set == null || set.isBlank()) {
      return otherwise;
    }
    try {
      double gib = Double.parseDouble(set.strip());
      if (gib > 0 && Double.isFinite(gib)) {
        return (long) (gib * (1L << 30));
      }
    } catch (NumberFormatException e) {
      // refused below, with the value
    }
    throw new IllegalArgumentException(variable + " must be a positive number of GiB, not '" + set + "'");
  }
}
