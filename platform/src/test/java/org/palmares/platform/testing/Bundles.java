package org.palmares.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Copies of the demo bundle, edited per test, for bundle validation tests. */
public final class Bundles {
  private Bundles() {}

  /** Copies the demo bundle (all of it) into {@code root/slug}, its yaml edited by {@code edit}. */
  public static Path demoCopy(Path root, String slug, UnaryOperator<String> edit) throws IOException {
    return copy("breast-cancer-diagnosis", root, slug, edit);
  }

  /** A copy of the bundle {@code challenges/<bundle>} as {@code root/<slug>}, its yaml edited. */
  public static Path copy(String bundle, Path root, String slug, UnaryOperator<String> edit) throws IOException {
    Path demo = Fixtures.repoRoot().resolve("challenges").resolve(bundle);
    Path dir = Files.createDirectories(root.resolve(slug));
    try (var files = Files.walk(demo)) {
      for (Path f : files.toList()) {
        Path target = dir.resolve(demo.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    String yaml = Files.readString(demo.resolve("challenge.yaml"))
        .replace("slug: " + bundle, "slug: " + slug);
    Files.writeString(dir.resolve("challenge.yaml"), edit.apply(yaml),
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
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
