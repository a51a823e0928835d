package org.palmares.evaluator.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.SandboxLimits;

/** What a site refuses, and the reason the organizer reads. */
class SitePolicyTest {
  static final String SCORER = "sha256:" + "cd".repeat(32);
  static final SitePolicy DE = new SitePolicy("de", Set.of("recurrence"), new Ceilings(2.0, 2048L, 600L, 0),
      Set.of(SCORER), 5, Set.of(), Release.AUTOMATIC, null);
  private static final ImageDigests NONE = image -> Set.of();

  static EvaluationSpec spec(String challenge, double cpus, long memoryMiB, long seconds, int gpus, String scorer) {
    return new EvaluationSpec(challenge, "final", "binary-classification",
        EvaluationSpec.HiddenData.binary("hidden/in.csv", "hidden/labels.csv", "id", "y", "1"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "p"), List.of(EvaluationSpec.MetricSpec.of("roc_auc")),
        new EvaluationSpec.Bootstrap(100, 1), new EvaluationSpec.Split(0.5, 1),
        new SandboxLimits(cpus, memoryMiB << 20, seconds, 1 << 20, 64, 1 << 20, 1 << 16), scorer, null, null,
        new EvaluationSpec.GpuRequest(gpus, 0));
  }

  static Job job(EvaluationSpec spec, String site) {
    return new Job("sub_1", 1, "w", "sha256:x", "x", spec, 60_000, site);
  }

  @Test
  void aJobWithinEveryCeilingOfAServedChallengeRuns() {
    assertThat(DE.refusal(job(spec("recurrence", 2, 2048, 600, 0, null), "de"), NONE)).isNull();
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 0, null), null), NONE)).isNull();
  }

  @Test
  void aJobAboveACeilingIsRefusedWithTheCeilingAndWhatThePhaseAsks() {
    assertThat(DE.refusal(job(spec("recurrence", 4, 1024, 60, 0, null), "de"), NONE))
        .isEqualTo("site de allows at most 2 CPUs; the phase asks 4");
    assertThat(DE.refusal(job(spec("recurrence", 1, 4096, 60, 0, null), "de"), NONE))
        .isEqualTo("site de allows at most 2048 MiB of memory; the phase asks 4096 MiB");
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 3600, 0, null), "de"), NONE))
        .isEqualTo("site de allows runs of at most 600 s; the phase asks 3600 s");
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 1, null), "de"), NONE))
        .isEqualTo("site de allows at most 0 GPUs; the phase asks 1");
  }

  @Test
  void aChallengeTheSiteDoesNotServeIsRefused() {
    assertThat(DE.refusal(job(spec("other", 1, 1024, 60, 0, null), "de"), NONE))
        .isEqualTo("site de does not serve challenge other (it serves recurrence)");
  }

  @Test
  void aJobForAnotherSiteIsRefused() {
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 0, null), "nl"), NONE))
        .isEqualTo("this evaluator is site de; the job is for site nl");
  }

  @Test
  void aScoringImageIsAcceptedByDigestOnly() {
    // the engine's digests of the named image decide, not its tag
    ImageDigests engine = image -> image.equals("scorer:1") ? Set.of(SCORER) : Set.of("sha256:" + "ee".repeat(32));
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 0, "scorer:1"), "de"), engine)).isNull();
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 0, "registry/scorer@" + SCORER), "de"), NONE)).isNull();
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 0, "scorer:2"), "de"), engine))
        .isEqualTo("site de does not accept the scoring image scorer:2 (digest sha256:" + "ee".repeat(32)
            + " is not in its policy)");
    assertThat(DE.refusal(job(spec("recurrence", 1, 1024, 60, 0, "scorer:3"), "de"), NONE))
        .isEqualTo("site de does not accept the scoring image scorer:3 (its engine does not have it)");
  }

  @Test
  void theRefusalIsReportedAsRefusedBySiteNotTheTeamsFault() {
    JobReport report = new SiteGate(DE, NONE, null, java.time.Duration.ofSeconds(1))
        .refusal(job(spec("recurrence", 4, 1024, 60, 0, null), "de"));
    assertThat(report.outcome()).isEqualTo(JobReport.REFUSED_BY_SITE);
    assertThat(report.submissionAtFault()).isFalse();
    assertThat(report.scores()).isNull();
    assertThat(report.message()).isEqualTo("site de allows at most 2 CPUs; the phase asks 4");
  }
}
