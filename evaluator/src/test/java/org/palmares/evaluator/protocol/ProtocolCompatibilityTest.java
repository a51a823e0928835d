package org.palmares.evaluator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Messages from a platform or an evaluator of the previous version still read. */
class ProtocolCompatibilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void limitsWithoutAShmSizeGetTheDefault() throws Exception {
    SandboxLimits limits = JSON.readValue("""
        {"cpus": 1.0, "memoryBytes": 268435456, "wallClockSeconds": 10, "outputBytes": 1048576,
         "pids": 64, "tmpBytes": 16777216, "logBytes": 16384}""", SandboxLimits.class);

    assertThat(limits.shmBytes()).isEqualTo(SandboxLimits.DEFAULT_SHM_BYTES);
  }

  @Test
  void limitsRoundTripWithTheirShmSize() throws Exception {
    SandboxLimits limits = new SandboxLimits(1.0, 1 << 28, 10, 1 << 20, 64, 1 << 24, 16384, 8L << 20);

    assertThat(JSON.readValue(JSON.writeValueAsString(limits), SandboxLimits.class)).isEqualTo(limits);
  }

  @Test
  void aReportWithoutARuntimeReadsAsNull() throws Exception {
    JobReport report = JSON.readValue("""
        {"outcome": "TIMED_OUT", "message": "m", "submissionAtFault": true, "scores": null,
         "logTail": "", "runSeconds": 10.0}""", JobReport.class);

    assertThat(report.runtime()).isNull();
    assertThat(report.outcome()).isEqualTo("TIMED_OUT");
  }

  @Test
  void aReportCarriesTheRuntimeThatRanIt() throws Exception {
    JobReport report = new JobReport("SUCCEEDED", "ok", false, null, "", 1.5, null, null, null, "runsc");

    assertThat(JSON.readValue(JSON.writeValueAsString(report), JobReport.class).runtime()).isEqualTo("runsc");
  }
}
