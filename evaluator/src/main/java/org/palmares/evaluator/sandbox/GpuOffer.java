package org.palmares.evaluator.sandbox;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many GPUs an evaluator offers: none unless its Docker engine offers the NVIDIA runtime
 * ({@code nvidia} among the engine's runtimes), then {@link #ENV} of them (1 when unset; the
 * engine does not say how many devices the runtime has). The platform leases a job asking for
 * GPUs only to an evaluator offering enough. The GPU path itself (the device request on the
 * container) is untested here: the machines this was built on have no GPU.
 */
public final class GpuOffer {
  /** Environment variable giving the number of GPUs a site offers (with the NVIDIA runtime). */
  public static final String ENV = "PALMARES_GPUS";
  /** The NVIDIA container runtime's name in the engine's runtimes. */
  public static final String NVIDIA_RUNTIME = "nvidia";
  private static final Logger LOG = LoggerFactory.getLogger(GpuOffer.class);

  private GpuOffer() {}

  /** The GPUs offered by an engine with these runtimes, given the site's setting (null: unset). */
  public static int of(List<String> runtimes, String setting) {
    int asked;
    try {
      asked = setting == null || setting.isBlank() ? -1 : Integer.parseInt(setting.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV + " must be a whole number of GPUs: '" + setting + "'");
    }
    if (!runtimes.contains(NVIDIA_RUNTIME)) {
      if (asked > 0) {
        LOG.warn("{}={} but the Docker engine has no NVIDIA runtime: this evaluator offers no GPU", ENV, asked);
      }
      return 0;
    }
    return asked < 0 ? 1 : asked;
  }
}
