package org.palmares.evaluator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemKindTest {

  @Test
  void noSentenceHoldsANumberAndOnlyTheContractColumnGivenIsNamed() {
    for (ProblemKind p : ProblemKind.values()) {
      assertThat(p.sentence(null).replace("UTF-8", "UTF")).as(p.name())
          .doesNotContainPattern("\\d").doesNotContain("%s").endsWith(".");
      assertThat(p.sentence("malignant").contains("'malignant'")).as(p.name()).isEqualTo(p.namesColumn());
    }
  }

  @Test
  void eachOutcomeOfARunHasAGenericProblemAndSuccessHasNone() {
    for (String outcome : new String[] {"EXITED_NONZERO", "TIMED_OUT", "OOM_KILLED", "OUTPUT_TOO_LARGE",
        "INVALID_OUTPUT", "IMAGE_REJECTED", "SCORING_FAILED", "EVALUATOR_ERROR"}) {
      assertThat(ProblemKind.ofOutcome(outcome).outcome()).isEqualTo(outcome);
    }
    assertThat(ProblemKind.ofOutcome("INVALID_OUTPUT")).isEqualTo(ProblemKind.INVALID_OUTPUT);
    assertThat(ProblemKind.ofOutcome("SUCCEEDED")).isNull();
  }

  @Test
  void theNumberOfKindsIsTheOneTheChannelCountInTheSecurityPageIsBasedOn() {
    // docs/security.md counts the sentences a run can choose between: a new kind widens the channel
    assertThat(ProblemKind.values()).as("update 'The channel left per submission' in docs/security.md")
        .hasSize(31);
    assertThat(Arrays.stream(ProblemKind.values()).filter(p -> p.outcome().equals("INVALID_OUTPUT")))
        .hasSize(24);
  }
}
