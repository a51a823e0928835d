package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuOfferTest {
  @Test
  void anEngineWithoutTheNvidiaRuntimeOffersNoGpuWhateverTheSiteSays() {
    assertThat(GpuOffer.of(List.of("runc", "runsc"), null)).isZero();
    assertThat(GpuOffer.of(List.of("runc", "runsc"), "4")).isZero();
  }

  @Test
  void anEngineWithTheNvidiaRuntimeOffersTheSitesCountOrOne() {
    assertThat(GpuOffer.of(List.of("runc", "nvidia"), null)).isEqualTo(1);
    assertThat(GpuOffer.of(List.of("runc", "nvidia"), "2")).isEqualTo(2);
    assertThatThrownBy(() -> GpuOffer.of(List.of("nvidia"), "two")).hasMessageContaining("PALMARES_GPUS");
  }
}
