package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.ProblemKind;

class RunOutcomeTest {

  /** Outcomes whose detail a run chose from the hidden data: an exit code, a quoted row. */
  private static final List<RunOutcome> FAILURES = List.of(
      new RunOutcome.ExitedNonZero(137),
      new RunOutcome.TimedOut(300),
      new RunOutcome.OomKilled(1024),
      new RunOutcome.OutputTooLarge(10 * 1024 * 1024),
      new RunOutcome.InvalidOutput("row 2: '19.69,21.25,130,1203' in column 'malignant' is not a number",
          ProblemKind.NOT_A_NUMBER, "malignant"),
      new RunOutcome.InvalidOutput("row 4: id 'case-0003' appears twice (first at row 2)",
          ProblemKind.DUPLICATE_ID, null),
      new RunOutcome.InvalidOutput("something the scorer said: 19.69"));

  @Test
  void theWithheldSentenceOfEveryFailureNamesItsKindWithoutAnyNumberOrIdOfTheRun() {
    for (RunOutcome o : FAILURES) {
      assertThat(o.withheldSentence()).as(o.toString())
          .doesNotContainPattern("\\d").doesNotContain("case-").doesNotContain("row")
          .isEqualTo(o.problem().sentence(o.problemColumn()));
      assertThat(o.problem().outcome()).isEqualTo(o.kind());
      assertThat(o.sentence()).isNotEqualTo(o.withheldSentence());
    }
  }

  @Test
  void theDetailedSentenceKeepsWhatTheRunDid() {
    assertThat(new RunOutcome.ExitedNonZero(137).sentence()).contains("code 137");
    assertThat(FAILURES.get(4).sentence()).contains("row 2").contains("19.69");
    assertThat(FAILURES.get(4).withheldSentence())
        .isEqualTo("The predictions could not be scored: a value in column 'malignant' is not a number.");
  }

  @Test
  void anImageRefusalAndASuccessKeepTheirSentenceSinceNoHiddenDataWasSeen() {
    RunOutcome rejected = new RunOutcome.ImageRejected("the archive holds no image config");
    assertThat(rejected.withheldSentence()).isEqualTo(rejected.sentence());
    assertThat(new RunOutcome.Succeeded().problem()).isNull();
    assertThat(new RunOutcome.Succeeded().withheldSentence()).isEqualTo(new RunOutcome.Succeeded().sentence());
  }

  @Test
  void anInvalidOutputTakesOnlyAnInvalidOutputProblem() {
    assertThatThrownBy(() -> new RunOutcome.InvalidOutput("x", ProblemKind.TIMED_OUT, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
