package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;

/** A count a site withheld under its minimum cell count is shown as null, never as a real 0. */
class SuppressedCountsViewTest {
  @Test
  void aWithheldCaseCountIsNullAndAReleasedOneIsShown() {
    Map<String, MetricValue> metrics = Map.of("roc_auc", new MetricValue(null, null, "withheld by site de"));
    assertThat(JsonViews.split(new SplitScores(0, 0, metrics, null, null, List.of("cases", "positives")), 4)
        .getValue("cases")).isNull();
    assertThat(JsonViews.split(new SplitScores(0, 0, metrics, null, null, List.of("cases", "positives")), 4)
        .containsKey("cases")).isTrue();
    assertThat(JsonViews.split(new SplitScores(120, 0, metrics, null, null, List.of("positives")), 4)
        .getInteger("cases")).isEqualTo(120);
  }
}
