package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluatorVersionTest {
  @Test
  void theBuildsVersionIsWhatRecordsName() {
    // filtered into version.properties by the build: a record must not say "unknown" or "${project.version}"
    assertThat(EvaluatorVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
