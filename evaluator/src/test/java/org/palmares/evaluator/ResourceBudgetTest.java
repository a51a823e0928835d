package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.Capacity;

class ResourceBudgetTest {
  private static final long GIB = 1024L * 1024 * 1024;

  @Test
  void anIdleEvaluatorMayStartAnyJob() {
    assertThat(new ResourceBudget(new Capacity(2, 4 * GIB)).free()).isNull();
  }

  @Test
  void whatRunningJobsHoldIsNotOfferedAgain() {
    ResourceBudget budget = new ResourceBudget(new Capacity(2, 4 * GIB));
    budget.reserve(new Capacity(1, 3 * GIB));

    Capacity free = budget.free();
    assertThat(free.fits(new Capacity(1, GIB))).isTrue();
    assertThat(free.fits(new Capacity(1, 2 * GIB))).isFalse();
    assertThat(free.fits(new Capacity(1.5, GIB))).isFalse();
  }

  @Test
  void releasingMakesRoomAgain() {
    ResourceBudget budget = new ResourceBudget(new Capacity(2, 4 * GIB));
    budget.reserve(new Capacity(2, 4 * GIB));
    budget.reserve(new Capacity(1, GIB)); // a job larger than what is left never comes from a lease; counted anyway
    budget.release(new Capacity(1, GIB));

    assertThat(budget.free().fits(new Capacity(0.1, 1))).isFalse();
    budget.release(new Capacity(2, 4 * GIB));
    assertThat(budget.free()).isNull();
  }

  @Test
  void aClaimHoldsWhatWasFreeWhileThePlatformIsAskedAndSettlingKeepsOnlyWhatTheJobAsks() {
    ResourceBudget budget = new ResourceBudget(new Capacity(4, 8 * GIB));
    budget.reserve(new Capacity(1, GIB));

    ResourceBudget.Claim first = budget.claim();
    assertThat(first.offer()).isEqualTo(new Capacity(3, 7 * GIB));
    assertThat(budget.claim()).as("nothing is left to offer while the claim is out").isNull();

    budget.settle(first, new Capacity(2, 2 * GIB));
    assertThat(budget.claim().offer()).isEqualTo(new Capacity(1, 5 * GIB));
  }

  @Test
  void aClaimThatBroughtNoJobIsGivenBackWhole() {
    ResourceBudget budget = new ResourceBudget(new Capacity(2, 4 * GIB));

    ResourceBudget.Claim idle = budget.claim();
    assertThat(idle.offer()).as("an idle evaluator offers anything").isNull();
    assertThat(budget.claim()).isNull();

    budget.cancel(idle);
    assertThat(budget.free()).isNull();
    assertThat(budget.claim().offer()).isNull();
  }

  @Test
  void aFinishedJobGivesItsShareBackWhileAnotherWorkerIsStillAskingThePlatform() {
    ResourceBudget budget = new ResourceBudget(new Capacity(2, 4 * GIB));
    Capacity job = new Capacity(1, GIB);
    budget.reserve(job);
    ResourceBudget.Claim asking = budget.claim(); // a lease request in flight for what is left

    budget.release(job);

    assertThat(budget.claim().offer()).isEqualTo(new Capacity(1, GIB));
    budget.cancel(asking);
  }

  @Test
  void aRunningJobsGpusAreNotOfferedAgain() {
    ResourceBudget budget = new ResourceBudget(new Capacity(4, 8 * GIB, 1));
    budget.reserve(new Capacity(1, GIB, 1));
    assertThat(budget.free().gpus()).isZero();
    assertThat(new Capacity(4, 8 * GIB, 0).fits(new Capacity(1, GIB, 1))).isFalse();
  }
}
