package org.palmares.evaluator;

import org.palmares.evaluator.protocol.Capacity;

/**
 * What of the machine's CPU and memory the running sandboxes hold, so the evaluator never starts
 * more at once than their limits allow. An idle evaluator may start one job whatever its size:
 * a job larger than the machine runs alone rather than never.
 */
final class ResourceBudget {
  private final Capacity total;
  private Capacity used = new Capacity(0, 0);
  private int running;

  ResourceBudget(Capacity total) {
    this.total = total;
  }

  /** What is free now, or null when nothing runs (anything may start). */
  synchronized Capacity free() {
    return running == 0 ? null : total.minus(used);
  }

  synchronized void reserve(Capacity asked) {
    used = used.plus(asked);
    running++;
  }

  synchronized void release(Capacity asked) {
    used = used.minus(asked);
    running--;
  }

  Capacity total() {
    return total;
  }
}
