package org.palmares.evaluator.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.SandboxLimits;

/**
 * One run to perform: which image, which host files or folders to expose read-only under
 * /input, where /output lives on the host, with which limits.
 *
 * @param imageId   docker image id ({@code sha256:...}) or reference already present in the engine
 * @param inputs    read-only mounts, each under /input
 * @param outputDir host folder mounted as /output (created empty by the caller)
 * @param limits    resource limits
 * @param labels    extra container labels (e.g. the submission id), added to the managed label
 * @param mounted   host folders mounted read-only at {@code /input/<name>} as they are, never
 *                  copied (an image challenge's hidden images, which may be hundreds of GB)
 * @param gpus      GPUs to pass to the container (a device request to the NVIDIA runtime), 0 for none
 */
public record SandboxRun(String imageId, List<Mount> inputs, Path outputDir, SandboxLimits limits,
    Map<String, String> labels, List<Mount> mounted, int gpus) {

  public SandboxRun {
    mounted = mounted == null ? List.of() : List.copyOf(mounted);
  }

  /** A run whose inputs are all copied, without GPUs. */
  public SandboxRun(String imageId, List<Mount> inputs, Path outputDir, SandboxLimits limits,
      Map<String, String> labels) {
    this(imageId, inputs, outputDir, limits, labels, List.of(), 0);
  }

  /**
   * A host file or folder mounted read-only at {@code /input/<name>}.
   *
   * @param host the host path
   * @param name a plain name (no slash): a spec cannot make us mount over another path of the container
   */
  public record Mount(Path host, String name) {
    public Mount {
      if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
        throw new IllegalArgumentException("not a plain input name: " + name);
      }
    }
  }

  /** A run seeing one input file under {@code /input/<inputName>}. */
  public static SandboxRun of(String imageId, Path inputFile, String inputName, Path outputDir, SandboxLimits limits,
      Map<String, String> labels) {
    return new SandboxRun(imageId, List.of(new Mount(inputFile, inputName)), outputDir, limits, labels);
  }
}
