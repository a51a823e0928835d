package org.palmares.evaluator;

import java.time.Duration;

/**
 * How long to wait before calling the platform again after failed calls: the first wait, doubled
 * after each further failure up to a ceiling, back to nothing after a success. A platform (or its
 * database) that is away for a minute then costs a handful of calls, not one every poll, and the
 * caller logs the start and the end of the outage rather than every failure.
 */
public final class Backoff {
  private final Duration first;
  private final Duration ceiling;
  private int failures;

  /** Waits from {@code first} up to {@code ceiling}, or always {@code first} when that is longer. */
  public Backoff(Duration first, Duration ceiling) {
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("the first wait must be positive, got " + first);
    }
    this.first = first;
    this.ceiling = ceiling.compareTo(first) < 0 ? first : ceiling;
  }

  /** Records a failure; returns how long to wait before the next call. */
  public Duration failed() {
    failures++;
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(ceiling) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(ceiling) > 0 ? ceiling : wait;
  }

  /** Records a success; returns whether it ends a run of failures. */
  public boolean succeeded() {
    boolean recovered = failures > 0;
    failures = 0;
    return recovered;
  }

  /** Failures in a row so far. */
  public int failures() {
    return failures;
  }
}
