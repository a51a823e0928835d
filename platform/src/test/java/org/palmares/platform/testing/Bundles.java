package org.palmares.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Copies of the demo bundle, edited per test, for bundle validation tests. */
public final class Bundles {
  private Bundles() {}

  /** Copies the demo bundle (yaml, public and hidden data) into {@code root/slug}, its yaml edited by {@code edit}. */
  public static Path demoCopy(Path root, String slug, UnaryOperator<String> edit) throws IOException {
    Path demo = Fixtures.repoRoot().resolve("challenges/breast-cancer-diagnosis");
    Path dir = Files.createDirectories(root.resolve(slug));
    for (String sub : new String[] {"public", "hidden"}) {
      Files.createDirectories(dir.resolve(sub));
      try (var files = Files.list(demo.resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, dir.resolve(sub).resolve(f.getFileName()));
        }
      }
    }
    String yaml = Files.readString(demo.resolve("challenge.yaml"))
        .replace("slug: breast-cancer-diagnosis", "slug: " + slug);
    Files.writeString(dir.resolve("challenge.yaml"), edit.apply(yaml));
    return dir;
  }

  /** The 1-based line of the first occurrence of {@code text} in the bundle's yaml. */
  public static int lineOf(Path dir, String text) throws IOException {
    var lines = Files.readAllLines(dir.resolve("challenge.yaml"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + text);
  }
}
