package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.sandbox.RunOutcome;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.testing.Fixtures;

class FeedbackPolicyTest {
  private static final Instant STARTED = Instant.parse("2026-11-25T10:00:03.123Z");
  private static final Instant FINISHED = Instant.parse("2026-11-25T10:00:47.891Z");
  private static final String LOG = "19.69,21.25,130,1203 case-0003\n";

  private static Challenge demo;
  private static Phase withheld;
  private static Phase showsLogs;

  /** Every failure a run can end in, each with the detail the run chose (an exit code, a copied row). */
  private static final List<RunOutcome> RUN_FAILURES = List.of(
      new RunOutcome.ExitedNonZero(19),
      new RunOutcome.TimedOut(300),
      new RunOutcome.OomKilled(1024),
      new RunOutcome.OutputTooLarge(10 * 1024 * 1024),
      new RunOutcome.InvalidOutput("row 2: '19.69,21.25,130,1203,0.1096,0.1599,0.1…' in column 'malignant' is"
          + " not a number", ProblemKind.NOT_A_NUMBER, "malignant"),
      new RunOutcome.InvalidOutput("row 3: id 'case-0003' appears twice (first at row 2)", ProblemKind.DUPLICATE_ID,
          null),
      new RunOutcome.InvalidOutput("the header must contain the columns 'id' and 'malignant'; found: id, 19.69",
          ProblemKind.MISSING_COLUMN, "malignant"),
      new RunOutcome.InvalidOutput("case-0003 is malignant, said the scoring image", ProblemKind.REFUSED_BY_SCORER,
          null));

  @BeforeAll
  static void load() throws Exception {
    demo = Fixtures.demoChallenge();
    withheld = demo.phase("final").orElseThrow();
    showsLogs = demo.phase("sanity").orElseThrow();
    assertThat(withheld.showsLogsToTeams()).isFalse();
    assertThat(showsLogs.showsLogsToTeams()).isTrue();
  }

  @Test
  void inAPhaseThatWithholdsLogsEveryRunFailureShowsItsKindOnlyWithoutValueRowIdOrExitCode() {
    FeedbackPolicy policy = FeedbackPolicy.forTeam(withheld);
    for (RunOutcome o : RUN_FAILURES) {
      FeedbackPolicy.View view = policy.view(failed(o));

      assertThat(view.message()).as(o.toString()).isEqualTo(o.withheldSentence())
          .doesNotContainPattern("\\d").doesNotContain("case-").doesNotContain("row");
      assertThat(view.exitCode()).isNull();
      assertThat(view.logTail()).isNull();
    }
    assertThat(policy.view(failed(RUN_FAILURES.get(4))).message())
        .isEqualTo("The predictions could not be scored: a value in column 'malignant' is not a number.");
    assertThat(policy.view(failed(RUN_FAILURES.get(0))).message())
        .isEqualTo("The container exited with a non-zero code before finishing; run it locally with the sandbox"
            + " flags of the challenge README to see why.");
  }

  @Test
  void inAPhaseThatWithholdsLogsFailuresOfTheScorerAndTheEvaluatorShowTheirKindOnly() {
    FeedbackPolicy policy = FeedbackPolicy.forTeam(withheld);
    Submission scorer = failed("SCORING_FAILED", "The submission ran, but the challenge's scoring image failed:"
        + " The container exited with code 19. The organizers must fix it.", ProblemKind.SCORING_FAILED, null, null);
    Submission evaluator = failed("EVALUATOR_ERROR", "The platform could not evaluate this submission (the"
        + " evaluator failed while running the submission (IOException)); it does not count against your quota.",
        ProblemKind.EVALUATOR_ERROR, null, null);

    assertThat(policy.view(scorer).message()).isEqualTo(ProblemKind.SCORING_FAILED.sentence(null))
        .doesNotContain("19");
    assertThat(policy.view(evaluator).message()).isEqualTo(ProblemKind.EVALUATOR_ERROR.sentence(null))
        .doesNotContain("IOException");
  }

  @Test
  void aReportWithoutAProblemKindShowsTheGenericSentenceOfItsOutcome() {
    FeedbackPolicy policy = FeedbackPolicy.forTeam(withheld);
    // as stored from an older evaluator: only the outcome and the detailed message
    Submission old = failed("INVALID_OUTPUT", "The predictions could not be scored: row 2: '19.69' ...", null, null,
        null);
    Submission exited = failed("EXITED_NONZERO", "The container exited with code 19 ...", null, null, null);

    assertThat(policy.view(old).message()).isEqualTo(ProblemKind.INVALID_OUTPUT.sentence(null));
    assertThat(policy.view(exited).message()).isEqualTo(ProblemKind.EXITED_NONZERO.sentence(null));
  }

  @Test
  void aColumnOutsideThePredictionContractOrAKindOfAnotherOutcomeIsNeverShown() {
    FeedbackPolicy policy = FeedbackPolicy.forTeam(withheld);
    Submission forgedColumn = failed("INVALID_OUTPUT", "detail", ProblemKind.NOT_A_NUMBER, "19.69", null);
    Submission mismatched = failed("EXITED_NONZERO", "detail", ProblemKind.IMAGE_REJECTED, null, 19);
    Submission unknown = failed("SOMETHING_NEW", "detail 19.69", null, null, null);

    assertThat(policy.view(forgedColumn).message())
        .isEqualTo("The predictions could not be scored: a value is not a number.");
    assertThat(policy.view(mismatched).message()).isEqualTo(ProblemKind.EXITED_NONZERO.sentence(null));
    assertThat(policy.view(unknown).message()).isEqualTo(FeedbackPolicy.UNKNOWN_FAILURE);
  }

  @Test
  void anImageRefusalThePlatformsOwnNotesAndASuccessAreShownAsTheyAre() {
    FeedbackPolicy policy = FeedbackPolicy.forTeam(withheld);
    RunOutcome rejected = new RunOutcome.ImageRejected("the archive holds no image config");
    Submission lost = failed("EVALUATOR_LOST", "The platform could not evaluate this submission after 3 attempts"
        + " (evaluators stopped answering); it does not count against your quota.", null, null, null);

    assertThat(policy.view(failed(rejected)).message()).isEqualTo(rejected.sentence());
    assertThat(policy.view(lost).message()).isEqualTo(lost.message());
    assertThat(policy.view(submission(SubmissionStatus.QUEUED, null, "Queued again by the organizers.", null, null,
        null)).message()).isEqualTo("Queued again by the organizers.");
    assertThat(policy.view(submission(SubmissionStatus.SCORED, "SUCCEEDED", null, null, null, null)).message())
        .isNull();
  }

  @Test
  void aSitesOwnNotesAreShownAsTheyAreNeverAsAnUnknownFailure() {
    // waiting for the site's operator, withheld by it, refused by its policy: none is the team's doing or the run's words
    FeedbackPolicy policy = FeedbackPolicy.forTeam(withheld);
    Submission waiting = failed("AWAITING_RELEASE", "Scored; the result waits for the site's approval before it is"
        + " released.", null, null, null);
    Submission withheldBySite = failed("WITHHELD", "Withheld by site de (its operator did not release the result);"
        + " this is not a failure of your submission and does not count against your quota.", null, null, null);
    Submission refused = failed("REFUSED_BY_SITE", "site de allows at most 2 CPUs; the phase asks 4", null, null,
        null);
    for (Submission s : new Submission[] {waiting, withheldBySite, refused}) {
      assertThat(policy.view(s).message()).isEqualTo(s.message());
    }
  }

  @Test
  void inAPhaseThatWithholdsLogsTheRunTimeAndTimestampsAreInWholeTenSecondsByDefault() {
    FeedbackPolicy.View view = FeedbackPolicy.forTeam(withheld).view(failed(RUN_FAILURES.get(0)));

    assertThat(withheld.feedback()).isNull();
    assertThat(view.runSeconds()).isEqualTo(40.0); // 44.768 s ran
    assertThat(view.startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(view.finishedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:40Z"));
  }

  @Test
  void aDeclaredGranularityCoarsensTheRunTimeAndZeroHidesIt() {
    FeedbackPolicy.View five = FeedbackPolicy.forTeam(withFeedback(withheld, 5)).view(failed(RUN_FAILURES.get(0)));
    FeedbackPolicy.View hidden = FeedbackPolicy.forTeam(withFeedback(withheld, 0)).view(failed(RUN_FAILURES.get(0)));

    assertThat(five.runSeconds()).isEqualTo(40.0);
    assertThat(five.finishedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:45Z"));
    assertThat(hidden.runSeconds()).isNull();
    assertThat(hidden.startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(hidden.finishedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
  }

  @Test
  void aPhaseThatShowsLogsKeepsTodaysDetailOfEveryOutcome() {
    FeedbackPolicy policy = FeedbackPolicy.forTeam(showsLogs);
    for (RunOutcome o : RUN_FAILURES) {
      Submission s = failed(o);
      FeedbackPolicy.View view = policy.view(s);

      assertThat(view.message()).isEqualTo(o.sentence());
      assertThat(view.logTail()).isEqualTo(LOG);
      assertThat(view.runSeconds()).isEqualTo(44.768);
      assertThat(view.finishedAt()).isEqualTo(FINISHED);
      assertThat(view.exitCode()).isEqualTo(s.exitCode());
    }
    assertThat(policy.view(failed(RUN_FAILURES.get(0))).exitCode()).isEqualTo(19);
  }

  @Test
  void organizersSeeEverythingWhateverThePhase() {
    for (RunOutcome o : RUN_FAILURES) {
      Submission s = failed(o);
      FeedbackPolicy.View view = FeedbackPolicy.ORGANIZER.view(s);

      assertThat(view).isEqualTo(new FeedbackPolicy.View(s.message(), 44.768, s.exitCode(), LOG, STARTED, FINISHED));
    }
  }

  @Test
  void aSubmissionWhosePhaseIsGoneIsShownAsInAPhaseThatWithholdsLogs() {
    FeedbackPolicy.View view = FeedbackPolicy.forTeam(null).view(failed(RUN_FAILURES.get(4)));

    assertThat(view.message()).isEqualTo(RUN_FAILURES.get(4).withheldSentence());
    assertThat(view.logTail()).isNull();
    assertThat(view.runSeconds()).isEqualTo(40.0);
  }

  /** A submission failed with {@code o}, stored as the platform stores the evaluator's report of it. */
  private static Submission failed(RunOutcome o) {
    Integer code = o instanceof RunOutcome.ExitedNonZero e ? (int) e.exitCode() : null;
    JobReport r = new JobReport(o.kind(), o.sentence(), true, null, LOG, 44.768, o.problem(), o.problemColumn(),
        code);
    return failed(r.outcome(), r.message(), r.problem(), r.problemColumn(), r.exitCode());
  }

  private static Submission failed(String outcome, String message, ProblemKind problem, String column,
      Integer exitCode) {
    return submission(SubmissionStatus.FAILED, outcome, message, problem == null ? null : problem.name(), column,
        exitCode);
  }

  private static Submission submission(SubmissionStatus status, String outcome, String message, String problem,
      String column, Integer exitCode) {
    boolean finished = outcome != null;
    return new Submission("sub_1", demo.slug(), withheld.name(), "team-1", "team one", null, "a".repeat(64),
        "sha256:" + "b".repeat(64), 1234, status, 1, null, null, demo.evaluationSpec(withheld),
        STARTED.minusSeconds(60), STARTED, finished ? FINISHED : null, outcome, message, true, null,
        finished ? LOG : null, finished ? 44.768 : null, null, problem, column, exitCode);
  }

  private static Phase withFeedback(Phase p, int runTimeSeconds) {
    return new Phase(p.name(), p.title(), p.opens(), p.closes(), p.quota(), p.maxImageMiB(),
        p.maxImageUncompressedMiB(), p.maxLayerMiB(), p.maxImageEntries(), p.limits(), p.data(),
        p.split(), p.leaderboard(), p.revealPrivateAt(), p.logs(), p.precision(), new Phase.Feedback(runTimeSeconds),
        p.ranking(), p.ladder(), p.task(), p.predictions(), p.metrics(), p.image(), p.gpus());
  }
}
