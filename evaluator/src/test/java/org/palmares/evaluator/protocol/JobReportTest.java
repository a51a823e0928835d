package org.palmares.evaluator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JobReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theStructuredDetailSurvivesTheJsonRoundTrip() throws Exception {
    JobReport report = new JobReport("INVALID_OUTPUT", "row 2: 'x' in column 'malignant' is not a number", true,
        null, "tail", 1.234, ProblemKind.NOT_A_NUMBER, "malignant", null);

    assertThat(JSON.readValue(JSON.writeValueAsString(report), JobReport.class)).isEqualTo(report);
  }

  @Test
  void aReportOfAnOlderEvaluatorWithoutTheDetailReadsWithNulls() throws Exception {
    JobReport old = JSON.readValue("""
        {"outcome": "EXITED_NONZERO", "message": "The container exited with code 3", "submissionAtFault": true,
         "scores": null, "logTail": "", "runSeconds": 2.5}""", JobReport.class);

    assertThat(old.problem()).isNull();
    assertThat(old.exitCode()).isNull();
    assertThat(old.message()).isEqualTo("The container exited with code 3");
  }

  @Test
  void aReportOfANewerEvaluatorWithUnknownFieldsAndKindsStillReads() throws Exception {
    JobReport newer = JSON.readValue("""
        {"outcome": "INVALID_OUTPUT", "message": "m", "submissionAtFault": true, "scores": null, "logTail": "",
         "runSeconds": 1, "problem": "A_KIND_OF_LATER", "problemColumn": "malignant", "exitCode": null,
         "runtime": "runsc"}""", JobReport.class);

    assertThat(newer.problem()).isNull();
    assertThat(newer.problemColumn()).isEqualTo("malignant");
  }

  @Test
  void aReportWithoutDetailGetsTheGenericProblemOfItsOutcome() {
    assertThat(new JobReport("TIMED_OUT", "m", true, null, "", 1).problem()).isEqualTo(ProblemKind.TIMED_OUT);
    assertThat(JobReport.evaluatorError("x").problem()).isEqualTo(ProblemKind.EVALUATOR_ERROR);
    assertThat(new JobReport("SUCCEEDED", null, false, null, "", 1).problem()).isNull();
  }
}
