package org.palmares.platform.challenge;

import java.util.List;
import java.util.stream.Collectors;

/** A bundle that cannot be loaded; lists every problem found, each with its file and line. */
public final class InvalidChallengeException extends Exception {
  private final List<BundleProblem> problems;

  public InvalidChallengeException(List<BundleProblem> problems) {
    super(problems.stream().map(BundleProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<BundleProblem> problems() {
    return problems;
  }
}
