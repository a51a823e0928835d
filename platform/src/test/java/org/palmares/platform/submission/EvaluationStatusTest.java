package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.JobReport;

/** The one table of an evaluation's legal moves, the retry policy, and a multi-site submission's derived status. */
class EvaluationStatusTest {
  private static final Map<EvaluationStatus, Set<EvaluationStatus>> LEGAL = Map.of(
      EvaluationStatus.QUEUED, EnumSet.of(EvaluationStatus.RUNNING),
      EvaluationStatus.RUNNING, EnumSet.of(EvaluationStatus.QUEUED, EvaluationStatus.AWAITING_RELEASE,
          EvaluationStatus.SCORED, EvaluationStatus.FAILED, EvaluationStatus.REFUSED),
      EvaluationStatus.AWAITING_RELEASE, EnumSet.of(EvaluationStatus.SCORED, EvaluationStatus.WITHHELD),
      EvaluationStatus.SCORED, EnumSet.of(EvaluationStatus.QUEUED),
      EvaluationStatus.FAILED, EnumSet.of(EvaluationStatus.QUEUED),
      EvaluationStatus.REFUSED, EnumSet.of(EvaluationStatus.QUEUED),
      EvaluationStatus.WITHHELD, EnumSet.of(EvaluationStatus.QUEUED));

  @Test
  void everyMoveIsLegalExactlyWhenTheTableSaysSoAndAnIllegalOneIsRefusedByTheGuard() {
    for (EvaluationStatus from : EvaluationStatus.values()) {
      for (EvaluationStatus to : EvaluationStatus.values()) {
        boolean legal = LEGAL.get(from).contains(to);
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(legal);
        if (legal) {
          assertThat(from.guard(to)).isEqualTo(from);
        } else {
          assertThatThrownBy(() -> from.guard(to)).isInstanceOf(IllegalStateException.class)
              .hasMessageContaining(from + " to " + to);
        }
      }
    }
  }

  @Test
  void aResultWaitingForReleaseIsNeitherInTheQueueNorFinished() {
    assertThat(EvaluationStatus.AWAITING_RELEASE.live()).isFalse();
    assertThat(EvaluationStatus.AWAITING_RELEASE.terminal()).isFalse();
    assertThat(EvaluationStatus.AWAITING_RELEASE.asSubmissionStatus()).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(EvaluationStatus.WITHHELD.asSubmissionStatus()).isEqualTo(SubmissionStatus.FAILED);
  }

  @Test
  void theRetryPolicyRequeuesLostAttemptsAndEvaluatorErrorsWhileAttemptsRemainOnly() {
    RetryPolicy retry = new RetryPolicy(3);
    assertThat(retry.afterLost(2)).isEqualTo(RetryPolicy.Decision.REQUEUE);
    assertThat(retry.afterLost(3)).isEqualTo(RetryPolicy.Decision.FAIL);
    assertThat(retry.requeues(JobReport.evaluatorError("disk full"), 1)).isTrue();
    assertThat(retry.requeues(JobReport.evaluatorError("disk full"), 3)).isFalse();
    assertThat(retry.requeues(JobReport.refusedBySite("too many CPUs"), 1)).as("a refusal is terminal").isFalse();
    assertThat(retry.requeues(new JobReport("OOM_KILLED", "out of memory", true, null, "", 1), 1)).isFalse();
    assertThatThrownBy(() -> new RetryPolicy(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMultiSiteSubmissionsStatusIsDerivedFromItsSites() {
    assertThat(overall(EvaluationStatus.QUEUED, EvaluationStatus.QUEUED)).isEqualTo(SubmissionStatus.QUEUED);
    assertThat(overall(EvaluationStatus.RUNNING, EvaluationStatus.QUEUED)).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(overall(EvaluationStatus.SCORED, EvaluationStatus.QUEUED)).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(overall(EvaluationStatus.SCORED, EvaluationStatus.AWAITING_RELEASE)).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(overall(EvaluationStatus.SCORED, EvaluationStatus.WITHHELD)).isEqualTo(SubmissionStatus.SCORED);
    assertThat(overall(EvaluationStatus.FAILED, EvaluationStatus.REFUSED)).isEqualTo(SubmissionStatus.FAILED);
  }

  private static SubmissionStatus overall(EvaluationStatus a, EvaluationStatus b) {
    return SiteEvaluation.overall(List.of(site("nl", a), site("de", b)));
  }

  private static SiteEvaluation site(String name, EvaluationStatus status) {
    return new SiteEvaluation(name, status, 1, null, null, null, null, status.terminal() ? Instant.EPOCH : null, null);
  }
}
