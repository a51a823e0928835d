package org.palmares.evaluator.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.palmares.evaluator.sandbox.DockerClients;

/**
 * Test images for integration tests: builds the images under {@code evaluator/src/test/docker}
 * (and the bundle baselines) with the real engine, FROM the base images that
 * {@code scripts/build-images.sh} makes offline.
 */
public final class TestImages {
  public static final String PYTHON_BASE = "palmares/base-python3:bookworm";
  public static final String SKLEARN_BASE = "palmares/base-python3-sklearn:bookworm";
  private static DockerClient docker;

  private TestImages() {}

  public static synchronized DockerClient docker() {
    if (docker == null) {
      docker = DockerClients.fromEnvironment();
      DockerClients.requireEngine(docker);
    }
    return docker;
  }

  /** Fails with what to run when the base images are missing. */
  public static void requireBaseImages() {
    for (String base : new String[] {PYTHON_BASE, SKLEARN_BASE, "palmares/baseline-cox:latest"}) {
      try {
        docker().inspectImageCmd(base).exec();
      } catch (NotFoundException e) {
        throw new IllegalStateException("Image " + base + " is missing: run scripts/build-images.sh first");
      }
    }
  }

  /** The repository root (the folder holding {@code challenges/} and {@code evaluator/}). */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isDirectory(dir.resolve("challenges")) && Files.isDirectory(dir.resolve("evaluator")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Builds {@code evaluator/src/test/docker/<name>} as {@code palmares-test/<name>}; returns the image id. */
  public static String hostile(String name) {
    return build(repoRoot().resolve("evaluator/src/test/docker").resolve(name), "palmares-test/" + name + ":latest");
  }

  /** Builds a context folder with its Dockerfile; returns the image id. */
  public static String build(Path context, String tag) {
    requireBaseImages();
    docker().buildImageCmd(context.toFile())
        .withTags(Set.of(tag))
        .withPull(false)
        .exec(new BuildImageResultCallback())
        .awaitImageId();
    return idOf(tag); // the full sha256 id; the build reports a short one
  }

  /** The id of an image the engine has (by tag or id). */
  public static String idOf(String image) {
    return docker().inspectImageCmd(image).exec().getId();
  }

  /** Writes {@code docker save image} to {@code target}. */
  public static Path save(String image, Path target) throws IOException {
    try (InputStream in = docker().saveImageCmd(image).exec()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
