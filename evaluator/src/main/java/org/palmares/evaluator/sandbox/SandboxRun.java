package org.palmares.evaluator.sandbox;

import java.nio.file.Path;
import java.util.Map;
import org.palmares.evaluator.protocol.SandboxLimits;

/**
 * One run to perform: which image, which single input file to expose read-only under /input,
 * where /output lives on the host, with which limits.
 *
 * @param imageId   docker image id ({@code sha256:...}) already present in the engine
 * @param inputFile the one file mounted read-only under /input
 * @param inputName its name there
 * @param outputDir host folder mounted as /output (created empty by the caller)
 * @param limits    resource limits
 * @param labels    extra container labels (e.g. the submission id), added to the managed label
 */
public record SandboxRun(String imageId, Path inputFile, String inputName, Path outputDir, SandboxLimits limits,
    Map<String, String> labels) {}
