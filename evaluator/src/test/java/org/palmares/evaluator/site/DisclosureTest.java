package org.palmares.evaluator.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.Resampling;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;

/** What leaves a governed site: no logs, value-free messages, no count under the minimum cell count. */
class DisclosureTest {
  private static final SitePolicy K5 = new SitePolicy("de", Set.of("c"), null, Set.of(), 5, Set.of("lesions_found"),
      Release.AUTOMATIC, null);
  private static final Disclosure DISCLOSURE = new Disclosure(K5);

  private static SplitScores part(int cases, int positives) {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    metrics.put("roc_auc", new MetricValue(0.8, new Interval(0.7, 0.9, 100, "bca"), null));
    metrics.put("lesions_found", new MetricValue(3.0, null, null));
    return new SplitScores(cases, positives, metrics,
        new Resampling("stratified", 100, 100, 2, "k", List.of()), Map.of("roc_auc", List.of(0.79, 0.81)));
  }

  private static JobReport scored(SplitScores pub, SplitScores priv) {
    return new JobReport("SUCCEEDED", "The container ran to completion and its predictions were scored.", false,
        new ScoreReport("roc_auc", pub, priv), "case-0003 printed by the container", 12.5, null, null, null, "runsc");
  }

  @Test
  void countsAtOrAboveTheMinimumAreReleasedAndTheJsonIsUnchanged() throws Exception {
    SplitScores released = DISCLOSURE.released(scored(part(100, 40), part(100, 40))).scores().publicPart();
    assertThat(released.cases()).isEqualTo(100);
    assertThat(released.positives()).isEqualTo(40);
    assertThat(released.suppressed()).isEmpty();
    assertThat(ProtocolJson.MAPPER.writeValueAsString(released)).doesNotContain("suppressed");
    assertThat(released.resampleValues()).containsKey("roc_auc");
  }

  @Test
  void aSmallNumberOfPositivesIsWithheldAndNamed() throws Exception {
    SplitScores released = DISCLOSURE.released(scored(part(100, 4), part(100, 40))).scores().publicPart();
    assertThat(released.positives()).isZero();
    assertThat(released.cases()).isEqualTo(100);
    assertThat(released.suppressed()).containsExactly("positives");
    assertThat(released.metrics().get("roc_auc").value()).isEqualTo(0.8);
    assertThat(ProtocolJson.MAPPER.writeValueAsString(released)).contains("\"suppressed\":[\"positives\"]");
    // and it reads back: the JSON stays readable by the same record
    assertThat(ProtocolJson.MAPPER.readValue(ProtocolJson.MAPPER.writeValueAsString(released), SplitScores.class))
        .isEqualTo(released);
  }

  @Test
  void aSmallNumberOfNegativesWithholdsThePositivesTooSinceEitherGivesTheOther() {
    SplitScores released = DISCLOSURE.released(scored(part(100, 97), part(100, 40))).scores().publicPart();
    assertThat(released.positives()).isZero();
    assertThat(released.suppressed()).containsExactly("positives");
  }

  @Test
  void zeroIsNotASmallCell() {
    SplitScores released = DISCLOSURE.released(scored(part(100, 0), part(100, 100))).scores().publicPart();
    assertThat(released.suppressed()).isEmpty();
  }

  @Test
  void aPartOfFewerCasesThanTheMinimumWithholdsItsCountsAndEveryMetric() {
    SplitScores released = DISCLOSURE.released(scored(part(4, 2), part(100, 40))).scores().publicPart();
    assertThat(released.cases()).isZero();
    assertThat(released.positives()).isZero();
    assertThat(released.suppressed()).containsExactly("cases", "positives");
    assertThat(released.metrics().values()).allSatisfy(v -> {
      assertThat(v.value()).isNull();
      assertThat(v.note()).contains("withheld by site de (minimum cell count 5)");
    });
    assertThat(released.resampleValues()).isEmpty();
  }

  @Test
  void aMetricNamedAsACountIsWithheldWhenSmall() {
    SplitScores released = DISCLOSURE.released(scored(part(100, 40), part(100, 40))).scores().privatePart();
    assertThat(released.metrics().get("lesions_found").value()).isNull();
    assertThat(released.metrics().get("lesions_found").note()).contains("a count below 5");
    assertThat(released.metrics().get("roc_auc").value()).isEqualTo(0.8);
  }

  @Test
  void noLogTailNoExitCodeAndOnlyTheValueFreeSentenceLeaveTheSite() {
    JobReport failed = new JobReport("INVALID_OUTPUT", "row 7: id 'case-0003' is not in the test set", true, null,
        "case-0003,19.69,21.25", 3, ProblemKind.UNKNOWN_ID, null, null, "runsc");
    JobReport released = DISCLOSURE.released(failed);
    assertThat(released.message()).isEqualTo(ProblemKind.UNKNOWN_ID.sentence(null)).doesNotContain("case-");
    assertThat(released.logTail()).isEmpty();
    assertThat(released.submissionAtFault()).isTrue();

    JobReport exited = new JobReport("EXITED_NONZERO", "The container exited with code 42", true, null, "log", 1,
        ProblemKind.EXITED_NONZERO, null, 42, "runsc");
    assertThat(DISCLOSURE.released(exited).exitCode()).isNull();
    assertThat(DISCLOSURE.released(exited).message()).doesNotContain("42");

    assertThat(DISCLOSURE.released(scored(part(100, 40), part(100, 40))).logTail()).isEmpty();
  }
}
