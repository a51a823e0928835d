package org.palmares.evaluator.sandbox;

import org.palmares.evaluator.protocol.ProblemKind;

/**
 * How a sandboxed run ended: a value, never an exception. Each outcome renders as two sentences a
 * competitor can act on: a detailed one ({@link #sentence()}: exit code, row, quoted value), for
 * organizers and for teams of phases that show logs, and a value-free one ({@link
 * #withheldSentence()}) for teams of phases that withhold them, since a run on hidden data chooses
 * its exit code and what it writes. {@link #kind()} is the stable name stored and shown by the API.
 */
public sealed interface RunOutcome {

  /** Stable, upper-case name of the outcome (e.g. {@code OOM_KILLED}). */
  String kind();

  /** A detailed sentence, saying what happened and what to change. */
  String sentence();

  /** The category of the failure, holding nothing of the run; null when it succeeded. */
  default ProblemKind problem() {
    return ProblemKind.ofOutcome(kind());
  }

  /** The contract column the problem concerns, or null. */
  default String problemColumn() {
    return null;
  }

  /** The sentence for a phase that withholds details: the kind of problem only. */
  default String withheldSentence() {
    return problem() == null || !problem().withholdsDetail() ? sentence() : problem().sentence(problemColumn());
  }

  /** Whether the failure is the submission's own (it counts against the team's quota). */
  default boolean submissionAtFault() {
    return !(this instanceof Succeeded);
  }

  /** The container exited 0 and wrote a valid predictions file. */
  record Succeeded() implements RunOutcome {
    public String kind() { return "SUCCEEDED"; }
    public String sentence() { return "The container ran to completion and its predictions were scored."; }
  }

  /** The container exited with a non-zero code. */
  record ExitedNonZero(long exitCode) implements RunOutcome {
    public String kind() { return "EXITED_NONZERO"; }
    public String sentence() {
      return "The container exited with code " + exitCode
          + " before finishing; run it locally with the sandbox flags of the challenge README to see why.";
    }
  }

  /** The container was still running at the wall-clock limit and was killed. */
  record TimedOut(long limitSeconds) implements RunOutcome {
    public String kind() { return "TIMED_OUT"; }
    public String sentence() {
      return "The container was still running after the " + limitSeconds
          + " s wall-clock limit and was stopped; make inference faster or exit when done.";
    }
  }

  /** The kernel killed the container for exceeding its memory limit. */
  record OomKilled(long limitMiB) implements RunOutcome {
    public String kind() { return "OOM_KILLED"; }
    public String sentence() {
      return "The container used more than its " + limitMiB
          + " MiB memory limit and was killed (OOMKilled); reduce memory use, e.g. predict in batches.";
    }
  }

  /** The container wrote more than the output cap under /output. */
  record OutputTooLarge(long limitBytes) implements RunOutcome {
    public String kind() { return "OUTPUT_TOO_LARGE"; }
    public String sentence() {
      return "The container wrote more than the " + humanBytes(limitBytes)
          + " output limit under /output and was stopped; write only the predictions file.";
    }
  }

  /**
   * The container exited 0 but its output cannot be scored.
   *
   * @param reason        the detailed reason (may quote the file the container wrote)
   * @param problem       its value-free category, an {@code INVALID_OUTPUT} one
   * @param problemColumn the contract column it concerns, or null
   */
  record InvalidOutput(String reason, ProblemKind problem, String problemColumn) implements RunOutcome {
    public InvalidOutput {
      if (problem == null || !problem.outcome().equals("INVALID_OUTPUT")) {
        throw new IllegalArgumentException("not an invalid-output problem: " + problem);
      }
    }

    /** An invalid output of no finer category. */
    public InvalidOutput(String reason) {
      this(reason, ProblemKind.INVALID_OUTPUT, null);
    }

    public String kind() { return "INVALID_OUTPUT"; }
    public String sentence() { return "The predictions could not be scored: " + reason; }
  }

  /** The image could not be loaded or does not meet the challenge's requirements. */
  record ImageRejected(String reason) implements RunOutcome {
    public String kind() { return "IMAGE_REJECTED"; }
    public String sentence() { return "The image was rejected: " + reason; }
  }

  private static String humanBytes(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return (bytes / (1024 * 1024)) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return (bytes / 1024) + " KiB";
    }
    return bytes + " bytes";
  }
}
