package org.palmares.evaluator.protocol;

/**
 * CPU, memory and GPUs, as available on an evaluator or as asked by a job.
 *
 * @param gpus GPUs offered (an evaluator: those of its engine's NVIDIA runtime, 0 without one) or
 *             asked (a job: its phase's {@link EvaluationSpec.GpuRequest#count()})
 */
public record Capacity(double cpus, long memoryBytes, int gpus) {

  /** CPU and memory, no GPU. */
  public Capacity(double cpus, long memoryBytes) {
    this(cpus, memoryBytes, 0);
  }

  /**
   * What an idle evaluator offers: any CPU and memory (it will run the job alone, whatever it
   * asks), but only the GPUs it has, so that a job asking for GPUs never goes to a site without them.
   */
  public static Capacity idleWith(int gpus) {
    return new Capacity(Double.MAX_VALUE, Long.MAX_VALUE, gpus);
  }

  public static Capacity of(SandboxLimits limits) {
    return new Capacity(limits.cpus(), limits.memoryBytes());
  }

  /** What a job of this spec asks for. */
  public static Capacity of(EvaluationSpec spec) {
    return new Capacity(spec.limits().cpus(), spec.limits().memoryBytes(), spec.gpus().count());
  }

  public boolean fits(Capacity asked) {
    return asked.cpus <= cpus + 1e-9 && asked.memoryBytes <= memoryBytes && asked.gpus <= gpus;
  }

  public Capacity minus(Capacity other) {
    return new Capacity(cpus - other.cpus, memoryBytes - other.memoryBytes, gpus - other.gpus);
  }

  public Capacity plus(Capacity other) {
    return new Capacity(cpus + other.cpus, memoryBytes + other.memoryBytes, gpus + other.gpus);
  }
}
