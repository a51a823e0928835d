package org.palmares.evaluator.testing;

import java.util.ArrayList;
import java.util.List;
import org.palmares.evaluator.sandbox.DockerSandbox;

/**
 * The runtimes the hostile integration tests run under: runc always, gVisor's runsc when the
 * engine offers it. With {@code PALMARES_EXPECT_RUNSC=1} (CI sets it) a missing runsc fails the
 * tests instead of silently testing runc only.
 */
public final class SandboxRuntimes {
  private SandboxRuntimes() {}

  /** For {@code @MethodSource}: the runtime names to test. */
  public static List<String> offered() {
    List<String> engine = DockerSandbox.runtimesOf(TestImages.docker());
    List<String> runtimes = new ArrayList<>(List.of(DockerSandbox.RUNC));
    if (engine.contains(DockerSandbox.RUNSC)) {
      runtimes.add(DockerSandbox.RUNSC);
    } else if ("1".equals(System.getenv("PALMARES_EXPECT_RUNSC"))) {
      throw new IllegalStateException("PALMARES_EXPECT_RUNSC=1 but the engine offers only " + engine
          + ": run scripts/ensure-docker.sh as root to install and register runsc");
    }
    return runtimes;
  }
}
