package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.ImageLimits;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;

/**
 * The evaluator keeps the images it loads under a disk budget, with the real engine: a tiny
 * budget, two images loaded from their archives, the first removed once the second is in, a run
 * of the first loads it again and scores; images it did not load are never removed. And the load
 * enforces the phase's image caps itself.
 */
class ImageBudgetIT {
  private static DockerClient docker;
  private static final List<String> made = new ArrayList<>();
  private static DockerImages images;
  @TempDir static Path work;

  @BeforeAll
  static void engine() {
    docker = TestImages.docker();
    TestImages.requireBaseImages();
  }

  @AfterAll
  static void cleanUp() {
    for (String id : made) {
      try {
        docker.removeImageCmd(id).withForce(true).exec();
      } catch (NotFoundException e) {
        // already gone
      }
    }
  }

  /** A new image (a fresh id) saved to an archive, then removed from the engine: only its archive remains. */
  private static String archivedOnly(Path archive) throws IOException {
    String tag = "palmares-test/img-budget:" + UUID.randomUUID();
    docker.buildImageCmd(TestImages.repoRoot().resolve("evaluator/src/test/docker/img-budget").toFile())
        .withBuildArg("RUN", UUID.randomUUID().toString()).withTags(Set.of(tag)).withPull(false)
        .exec(new BuildImageResultCallback()).awaitImageId();
    String id = TestImages.idOf(tag);
    made.add(id);
    TestImages.save(tag, archive);
    docker.removeImageCmd(tag).exec(); // its only tag: the image goes with it
    assertThat(present(id)).isFalse();
    return id;
  }

  private static boolean present(String id) {
    try {
      docker.inspectImageCmd(id).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static JobReport run(String imageId, Path archive) throws IOException {
    Job job = new Job("sub-" + UUID.randomUUID(), 1, "img-budget#1/1", imageId, "unused", EvaluatorIT.DEMO);
    EvaluatorIT.InMemoryChannel channel = new EvaluatorIT.InMemoryChannel(0, () -> Files.newInputStream(archive));
    return new Evaluator(new Evaluator.Settings("img-budget", "img-budget#1", work.resolve("runs"), 1,
        Duration.ofMillis(200), Duration.ofSeconds(5)), channel,
        new DockerSandbox(docker, "img-budget", Clock.systemUTC()), images, new SiteData(TestImages.repoRoot()
        .resolve("challenges")), new Capacity(2, 4L << 30)).evaluate(job);
  }

  @Test
  void theLeastRecentlyUsedLoadedImageIsRemovedPastTheBudgetAndReloadedWhenItRunsAgain() throws Exception {
    images = new DockerImages(docker, 1, Clock.systemUTC()); // one byte: only the image in use fits
    Path first = work.resolve("first.tar");
    Path second = work.resolve("second.tar");
    String a = archivedOnly(first);
    String b = archivedOnly(second);
    String base = TestImages.idOf("palmares/baseline-constant:latest");

    assertThat(run(base, work.resolve("no-archive")).outcome()).isEqualTo("SUCCEEDED");
    assertThat(run(a, first).outcome()).isEqualTo("SUCCEEDED");
    assertThat(present(a)).isTrue();

    assertThat(run(b, second).outcome()).isEqualTo("SUCCEEDED");
    assertThat(present(b)).isTrue();
    assertThat(present(a)).as("the first image, idle and over the budget, was removed").isFalse();

    JobReport again = run(a, first);
    assertThat(again.outcome()).isEqualTo("SUCCEEDED");
    assertThat(again.scores()).isNotNull();
    assertThat(present(a)).isTrue();
    assertThat(present(b)).isFalse();
    assertThat(present(base)).as("an image the evaluator did not load is never removed").isTrue();
  }

  @Test
  void theLoadRefusesAnArchivePastThePhaseCapsAndTheEngineKeepsNothingOfIt() throws Exception {
    images = new DockerImages(docker, 20L << 30, Clock.systemUTC());
    Path archive = work.resolve("capped.tar");
    String id = archivedOnly(archive);

    String refused = images.ensureLoaded(id, ImageLimits.ofMiB(1024, 1, 500_000), () -> Files.newInputStream(archive));

    assertThat(refused).contains("maxLayerMiB");
    assertThat(present(id)).isFalse();
  }
}
