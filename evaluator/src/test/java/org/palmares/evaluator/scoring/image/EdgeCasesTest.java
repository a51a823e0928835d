package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.image.EdgeCases.BothEmpty;
import org.palmares.evaluator.scoring.image.EdgeCases.NanRule;

/** The {@code edgeCases:} mapping of a bundle. */
class EdgeCasesTest {

  @Test
  void absentKeysTakeMetricsReloadedsDefaults() {
    assertThat(EdgeCases.parse(null)).isEqualTo(EdgeCases.METRICS_RELOADED);
    assertThat(EdgeCases.parse(Map.of("hausdorffWorst", 374)))
        .isEqualTo(new EdgeCases(BothEmpty.BEST, 374.0, NanRule.EXCLUDE));
    assertThat(EdgeCases.parse(Map.of("bothEmpty", "excluded", "nan", "worst")))
        .isEqualTo(new EdgeCases(BothEmpty.EXCLUDED, null, NanRule.WORST));
  }

  @Test
  void aWrongKeyOrValueIsNamed() {
    assertThatThrownBy(() -> EdgeCases.parse(Map.of("bothempty", "best")))
        .hasMessage("edgeCases: unknown key 'bothempty'; known keys: bothEmpty, hausdorffWorst,"
            + " nan");
    assertThatThrownBy(() -> EdgeCases.parse(Map.of("nan", "zero")))
        .hasMessage("edgeCases.nan must be one of exclude, worst: 'zero'");
    assertThatThrownBy(() -> EdgeCases.parse(Map.of("hausdorffWorst", "max")))
        .hasMessage("edgeCases.hausdorffWorst must be a number: 'max'");
    assertThatThrownBy(() -> EdgeCases.parse(Map.of("hausdorffWorst", -1)))
        .hasMessage("edgeCases.hausdorffWorst must be a positive number (in the unit of the"
            + " image spacing): -1.0");
  }
}
