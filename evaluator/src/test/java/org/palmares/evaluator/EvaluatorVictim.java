package org.palmares.evaluator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;

/**
 * An evaluator process for {@link EvaluatorCrashIT} to kill: it runs one job of the given image
 * on the demo challenge's hidden data with a short wall clock, and never exits by itself.
 * Arguments: work folder, evaluator name, runtime, image id, wall-clock seconds.
 */
public final class EvaluatorVictim {
  private EvaluatorVictim() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path workDir = Path.of(args[0]);
    String name = args[1];
    String runtime = args[2];
    String imageId = args[3];
    long wallClock = Long.parseLong(args[4]);
    EvaluationSpec demo = EvaluatorIT.DEMO;
    EvaluationSpec spec = new EvaluationSpec(demo.challenge(), demo.phase(), demo.task(), demo.hidden(),
        demo.predictions(), demo.metrics(), demo.bootstrap(), demo.split(),
        new SandboxLimits(0.5, 256L * 1024 * 1024, wallClock, 1024 * 1024, 64, 16L * 1024 * 1024, 16384), null);
    Job job = new Job("sub-victim", 1, name + "#1/1", imageId, "unused", spec);
    var docker = TestImages.docker();
    Evaluator evaluator = new Evaluator(
        new Evaluator.Settings(name, name + "#1", workDir, 1, Duration.ofMillis(200), Duration.ofSeconds(5)),
        new EvaluatorIT.InMemoryChannel(1, () -> {
          throw new IOException("the engine has the image");
        }, job),
        new DockerSandbox(docker, name, Clock.systemUTC(), runtime, DockerSandbox.OrphanPolicy.DEFAULT),
        new DockerImages(docker), new SiteData(TestImages.repoRoot().resolve("challenges")),
        new Capacity(1, 1024L * 1024 * 1024));
    evaluator.start();
    Thread.sleep(Duration.ofHours(1));
  }
}
