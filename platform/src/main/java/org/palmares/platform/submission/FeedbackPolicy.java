package org.palmares.platform.submission;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.platform.challenge.Phase;

/**
 * Decides what a team sees of a run, from its phase's setting: the one place every team-facing
 * field of a run (outcome sentence, run time, exit code, log tail, when it finished) passes
 * through before it leaves the platform.
 *
 * <p>A run on hidden data chooses what it writes, how it exits and how long it takes, so each of
 * these is a channel out of the sandbox. Where the phase withholds logs ({@code logs: none}) a team
 * gets the kind of problem only ({@link ProblemKind}: "a value in column 'malignant' is not a
 * number"), never a value, a row number, an id or an exit code of the run, and the run time in
 * buckets of the phase's {@code feedback.runTimeSeconds} (whole 10 s by default; 0 hides it).
 * What is left per submission is counted in {@code docs/security.md}. A phase that shows logs
 * ({@code logs: tail}, a sanity phase on public cases) keeps the detail; organizers see everything.
 */
public final class FeedbackPolicy {

  /** What organizers see: everything. */
  public static final FeedbackPolicy ORGANIZER = new FeedbackPolicy(true, null);

  /** The sentence of a failure the platform cannot put in a category (an unknown outcome). */
  static final String UNKNOWN_FAILURE = "The submission could not be evaluated.";

  /**
   * Outcomes whose sentence is the platform's or the site's own, never a run's: evaluators lost, a
   * result waiting for its site's operator, withheld by it, or a job its policy refuses (the
   * governed evaluator's reason, e.g. a ceiling; see docs/sites.md).
   */
  private static final Set<String> PLATFORM_OUTCOMES = Set.of("EVALUATOR_LOST",
      org.palmares.evaluator.protocol.JobReport.AWAITING_RELEASE, "WITHHELD",
      org.palmares.evaluator.protocol.JobReport.REFUSED_BY_SITE);

  /** Granularity of withheld timestamps when the run time is hidden altogether. */
  private static final int HIDDEN_TIME_GRANULARITY_SECONDS = 60;

  private final boolean detailed;
  private final Integer runTimeSeconds;

  private FeedbackPolicy(boolean detailed, Integer runTimeSeconds) {
    this.detailed = detailed;
    this.runTimeSeconds = runTimeSeconds;
  }

  /**
   * What the team of a submission to {@code phase} sees. A phase that no longer exists (null)
   * withholds, as the safe side.
   */
  public static FeedbackPolicy forTeam(Phase phase) {
    Integer declared = phase == null || phase.feedback() == null ? null : phase.feedback().runTimeSeconds();
    if (phase != null && phase.showsLogsToTeams()) {
      return new FeedbackPolicy(true, declared);
    }
    return new FeedbackPolicy(false, declared == null ? Phase.Feedback.DEFAULT_RUN_TIME_SECONDS : declared);
  }

  /** Whether the detail of runs is shown (organizers, and teams of phases that show logs). */
  public boolean detailed() {
    return detailed;
  }

  /**
   * What of a run is shown.
   *
   * @param message    the outcome's sentence (or the platform's note while queued), or null
   * @param runSeconds the container's run time, coarsened to the policy's granularity, or null when hidden
   * @param exitCode   the container's exit code, or null when withheld or not applicable
   * @param logTail    the tail of the run's logs, or null when withheld
   * @param startedAt  when the attempt was leased (coarsened like the run time where it is withheld)
   * @param finishedAt when it finished (coarsened likewise)
   */
  public record View(String message, Double runSeconds, Integer exitCode, String logTail, Instant startedAt,
      Instant finishedAt) {}

  /** What this policy shows of {@code s}. */
  public View view(Submission s) {
    if (detailed) {
      return new View(s.message(), runSeconds(s.runSeconds()), s.exitCode(), s.logTail(), time(s.startedAt()),
          time(s.finishedAt()));
    }
    return new View(withheldMessage(s), runSeconds(s.runSeconds()), null, null, time(s.startedAt()),
        time(s.finishedAt()));
  }

  /** The sentence of a phase that withholds details: the category only, from the stored kind. */
  private static String withheldMessage(Submission s) {
    String outcome = s.outcome();
    if (outcome == null || "SUCCEEDED".equals(outcome) || PLATFORM_OUTCOMES.contains(outcome)) {
      return s.message(); // the platform's own notes (queued again, evaluators lost): nothing of the run
    }
    ProblemKind problem = problemOf(s);
    if (problem == null) {
      return UNKNOWN_FAILURE;
    }
    if (!problem.withholdsDetail()) {
      return s.message();
    }
    String column = problem.namesColumn() && contractColumns(s.spec()).contains(s.problemColumn())
        ? s.problemColumn() : null;
    return problem.sentence(column);
  }

  /** The stored problem when it belongs to the stored outcome, else the outcome's generic one. */
  private static ProblemKind problemOf(Submission s) {
    if (s.problem() != null) {
      for (ProblemKind p : ProblemKind.values()) {
        if (p.name().equals(s.problem()) && p.outcome().equals(s.outcome())) {
          return p;
        }
      }
    }
    return ProblemKind.ofOutcome(s.outcome());
  }

  /** The columns of the prediction contract: public, so the only names a withheld sentence may carry. */
  private static Set<String> contractColumns(EvaluationSpec spec) {
    Set<String> columns = new HashSet<>();
    if (spec != null && spec.predictions() != null) {
      EvaluationSpec.PredictionContract p = spec.predictions();
      if (p.idColumn() != null) {
        columns.add(p.idColumn());
      }
      if (p.scoreColumn() != null) {
        columns.add(p.scoreColumn());
      }
      columns.addAll(p.classes());
    }
    return columns;
  }

  private Double runSeconds(Double seconds) {
    if (seconds == null || runTimeSeconds == null) {
      return seconds;
    }
    if (runTimeSeconds == 0) {
      return null;
    }
    // the start of its bucket: every run of [k·g, (k+1)·g) seconds shows k·g
    return Math.floor(seconds / runTimeSeconds) * runTimeSeconds;
  }

  /**
   * A timestamp as shown: exact, or truncated to the run-time granularity (to the minute when the run
   * time is hidden), so that finished minus started does not give the run time back to the millisecond.
   */
  private Instant time(Instant t) {
    if (t == null || runTimeSeconds == null) {
      return t;
    }
    long granularity = runTimeSeconds == 0 ? HIDDEN_TIME_GRANULARITY_SECONDS : runTimeSeconds;
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), granularity) * granularity);
  }
}
