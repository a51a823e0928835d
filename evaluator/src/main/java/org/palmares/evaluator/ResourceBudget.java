package org.palmares.evaluator;

import org.palmares.evaluator.protocol.Capacity;

/**
 * What of the machine's CPU and memory the running sandboxes hold, so the evaluator never starts
 * more at once than their limits allow. An idle evaluator may start one job whatever its size:
 * a job larger than the machine runs alone rather than never.
 *
 * <p>A worker about to ask the platform for a job first {@linkplain #claim() claims} what is free,
 * then asks for a job that fits, then {@linkplain #settle keeps} what the job asks and gives back
 * the rest (or all of it when no job came). The claim is what makes concurrent leases safe, so no
 * lock is held while the platform is asked (an HTTP call for a remote evaluator, which may hang):
 * a finishing job gives its share back at once and other workers lease in parallel.
 */
final class ResourceBudget {
  private static final Capacity NOTHING = new Capacity(0, 0);

  private final Capacity total;
  private Capacity used = NOTHING;
  private Capacity claimed = NOTHING;
  private int running;
  private int claims;

  ResourceBudget(Capacity total) {
    this.total = total;
  }

  /**
   * What one worker may offer the platform while it asks for a job.
   *
   * @param offer what to tell the platform is free, or null when the evaluator is idle (any job may start)
   * @param held  what the claim holds of the budget meanwhile
   */
  record Claim(Capacity offer, Capacity held) {}

  /** What is free now, or null when nothing runs (anything may start). */
  synchronized Capacity free() {
    return running == 0 && claims == 0 ? null : total.minus(used).minus(claimed);
  }

  /**
   * Claims everything free for one lease request, or null when nothing is free (another worker's
   * claim or the running jobs hold it all).
   */
  synchronized Claim claim() {
    Capacity free = free();
    Claim claim;
    if (free == null) {
      claim = new Claim(null, total);
    } else if (free.cpus() > 1e-9 && free.memoryBytes() > 0) {
      claim = new Claim(free, free);
    } else {
      return null;
    }
    claimed = claimed.plus(claim.held());
    claims++;
    return claim;
  }

  /** The lease brought a job asking {@code asked}: it runs on that, the rest of the claim is free again. */
  synchronized void settle(Claim claim, Capacity asked) {
    cancel(claim);
    reserve(asked);
  }

  /** The lease brought nothing (or failed): the whole claim is free again. */
  synchronized void cancel(Claim claim) {
    claimed = claimed.minus(claim.held());
    claims--;
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
