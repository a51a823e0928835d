package org.palmares.evaluator.site;

import java.util.Locale;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The most a site lets one job ask of its machine; a null ceiling is none (the phase's own limit
 * applies). A job whose phase asks more is refused before anything of it is fetched or run: the
 * site would rather say no with a reason than run a job it did not agree to.
 *
 * @param cpus             CPU cores per run
 * @param memoryMiB        memory per run, in MiB
 * @param wallClockSeconds wall-clock limit per run
 * @param gpus             GPUs per run
 */
public record Ceilings(Double cpus, Long memoryMiB, Long wallClockSeconds, Integer gpus) {
  public static final Ceilings NONE = new Ceilings(null, null, null, null);

  /** Why {@code site} refuses the phase of {@code spec}, or null when it fits under every ceiling. */
  String refusal(String site, EvaluationSpec spec) {
    double askedCpus = spec.limits().cpus();
    if (cpus != null && askedCpus > cpus + 1e-9) {
      return "site " + site + " allows at most " + number(cpus) + " CPUs; the phase asks " + number(askedCpus);
    }
    long askedMiB = (spec.limits().memoryBytes() + (1 << 20) - 1) >> 20; // rounded up: a byte over is over
    if (memoryMiB != null && askedMiB > memoryMiB) {
      return "site " + site + " allows at most " + memoryMiB + " MiB of memory; the phase asks " + askedMiB + " MiB";
    }
    long askedSeconds = spec.limits().wallClockSeconds();
    if (wallClockSeconds != null && askedSeconds > wallClockSeconds) {
      return "site " + site + " allows runs of at most " + wallClockSeconds + " s; the phase asks " + askedSeconds + " s";
    }
    int askedGpus = spec.gpus().count();
    if (gpus != null && askedGpus > gpus) {
      return "site " + site + " allows at most " + gpus + " GPUs; the phase asks " + askedGpus;
    }
    return null;
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
  }
}
