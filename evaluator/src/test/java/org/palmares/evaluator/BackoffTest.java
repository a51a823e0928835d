package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsDoubleAfterEachFailureUpToTheCeiling() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));

    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(30));
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(30));
    }
    assertThat(backoff.failures()).isEqualTo(105);
  }

  @Test
  void aSuccessEndsTheOutageAndStartsTheWaitsAgainFromTheFirst() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));
    assertThat(backoff.succeeded()).as("no outage yet").isFalse();
    backoff.failed();
    backoff.failed();

    assertThat(backoff.succeeded()).as("the success that ends the outage").isTrue();
    assertThat(backoff.succeeded()).isFalse();
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aFirstWaitLongerThanTheCeilingIsKeptAsItIs() {
    Backoff backoff = new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(30));

    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aWaitOfNothingIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
