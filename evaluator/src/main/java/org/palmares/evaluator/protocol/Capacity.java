package org.palmares.evaluator.protocol;

/** CPU and memory, as available on an evaluator or as asked by a job. */
public record Capacity(double cpus, long memoryBytes) {

  public static Capacity of(SandboxLimits limits) {
    return new Capacity(limits.cpus(), limits.memoryBytes());
  }

  public boolean fits(Capacity asked) {
    return asked.cpus <= cpus + 1e-9 && asked.memoryBytes <= memoryBytes;
  }

  public Capacity minus(Capacity other) {
    return new Capacity(cpus - other.cpus, memoryBytes - other.memoryBytes);
  }

  public Capacity plus(Capacity other) {
    return new Capacity(cpus + other.cpus, memoryBytes + other.memoryBytes);
  }
}
