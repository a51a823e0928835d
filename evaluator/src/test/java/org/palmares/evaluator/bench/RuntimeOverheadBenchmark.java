package org.palmares.evaluator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.sandbox.RunOutcome;
import org.palmares.evaluator.sandbox.SandboxResult;
import org.palmares.evaluator.sandbox.SandboxRun;
import org.palmares.evaluator.testing.TestImages;

/**
 * runc against gVisor's runsc through the same {@link DockerSandbox}: the same tiny image (the
 * well-behaved {@code echo-input} test image: Python reads the input and writes three rows),
 * interleaved, alternating which runtime goes first, one warm-up each. Prints medians as a
 * Markdown table. Usage: {@code scripts/runtime-benchmark.sh [runs]} (default 15).
 */
public final class RuntimeOverheadBenchmark {
  private RuntimeOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    var docker = TestImages.docker();
    List<String> runtimes = DockerSandbox.runtimesOf(docker).contains(DockerSandbox.RUNSC)
        ? List.of(DockerSandbox.RUNC, DockerSandbox.RUNSC) : List.of(DockerSandbox.RUNC);
    String image = TestImages.hostile("echo-input");
    SandboxLimits limits = new SandboxLimits(1.0, 256L * 1024 * 1024, 60, 1024 * 1024, 64, 16L * 1024 * 1024, 16384);
    Path work = Files.createTempDirectory("runtime-bench");
    Path input = Files.writeString(work.resolve("test-inputs.csv"), "id,x\na,1\nb,2\nc,3\n");
    Map<String, DockerSandbox> sandboxes = new LinkedHashMap<>();
    Map<String, List<Double>> total = new LinkedHashMap<>();
    Map<String, List<Double>> container = new LinkedHashMap<>();
    for (String r : runtimes) {
      sandboxes.put(r, new DockerSandbox(docker, "runtime-bench", Clock.systemUTC(), r,
          DockerSandbox.OrphanPolicy.DEFAULT));
      total.put(r, new ArrayList<>());
      container.put(r, new ArrayList<>());
    }
    for (int i = -1; i < runs; i++) {
      List<String> order = new ArrayList<>(runtimes);
      if (i % 2 != 0) {
        java.util.Collections.reverse(order);
      }
      for (String r : order) {
        Path out = Files.createTempDirectory(work, "out-");
        long t0 = System.nanoTime();
        SandboxResult result = sandboxes.get(r).run(SandboxRun.of(image, input, "test-inputs.csv", out, limits,
            Map.of("org.palmares.bench", "true")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!(result.outcome() instanceof RunOutcome.Succeeded)) {
          throw new IllegalStateException(r + ": " + result.outcome().sentence() + "\n" + result.logTail());
        }
        if (i >= 0) { // the first round is the warm-up
          total.get(r).add(seconds);
          container.get(r).add(result.elapsed().toMillis() / 1000.0);
        }
      }
    }
    System.out.printf("| runtime (%d interleaved runs) | whole run: median s | min s | max s | container start -> exit: median s |%n",
        runs);
    System.out.println("|---|---|---|---|---|");
    for (String r : runtimes) {
      double[] t = total.get(r).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] c = container.get(r).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f |%n", r, median(t), t[0], t[t.length - 1], median(c));
    }
    if (runtimes.size() == 2) {
      System.out.printf("%nMedian overhead of runsc over runc, whole run: %+.3f s%n",
          median(sorted(total.get(DockerSandbox.RUNSC))) - median(sorted(total.get(DockerSandbox.RUNC))));
    }
  }

  private static double[] sorted(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
