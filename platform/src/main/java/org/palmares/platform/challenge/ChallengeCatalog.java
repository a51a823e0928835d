package org.palmares.platform.challenge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenges this platform serves, read from bundle folders ({@code <root>/<slug>/challenge.yaml}).
 * A bundle that does not load is reported and skipped; the others are served.
 */
public final class ChallengeCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeCatalog.class);

  private final Path root;
  private final Map<String, Challenge> bySlug; // concurrent: organizers install bundles while pages read
  private final List<String> problems;

  private ChallengeCatalog(Path root, Map<String, Challenge> bySlug, List<String> problems) {
    this.root = root;
    this.bySlug = bySlug;
    this.problems = problems;
  }

  /** Loads every bundle under {@code root}. */
  public static ChallengeCatalog load(Path root) throws IOException {
    Map<String, Challenge> loaded = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.sorted().toList()) {
          if (!Files.isRegularFile(dir.resolve("challenge.yaml"))) {
            continue;
          }
          try {
            Challenge c = readBundle(dir);
            loaded.put(c.slug(), c);
            LOG.info("Loaded challenge {}", c.slug());
          } catch (InvalidChallengeException e) {
            e.problems().forEach(p -> problems.add(dir.getFileName() + "/" + p));
            LOG.error("Challenge bundle {} not loaded:\n{}", dir.getFileName(), e.getMessage());
          }
        }
      }
    } else {
      LOG.warn("No challenge folder at {}", root);
    }
    return new ChallengeCatalog(root, new java.util.concurrent.ConcurrentSkipListMap<>(loaded), List.copyOf(problems));
  }

  /** Reads and checks one bundle folder (without reading its hidden data: the platform never needs it). */
  public static Challenge readBundle(Path dir) throws InvalidChallengeException {
    return BundleReader.read(dir, false);
  }

  /** The folder bundles live in. */
  public Path root() {
    return root;
  }

  /** Serves {@code challenge} (new, or a new version of one), whose bundle is now in {@link #root()}. */
  public void install(Challenge challenge) {
    bySlug.put(challenge.slug(), challenge);
  }

  public List<Challenge> all() {
    return List.copyOf(bySlug.values());
  }

  public Optional<Challenge> find(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  /** Bundles that did not load, with the reason. */
  public List<String> problems() {
    return problems;
  }

  /** A public file of a challenge, if it declares it. */
  public Optional<Path> publicFile(Challenge challenge, String relative) {
    if (!challenge.data().publicFiles().contains(relative)) {
      return Optional.empty();
    }
    return Optional.of(root.resolve(challenge.slug()).resolve(relative).normalize());
  }

  /** The bundle's README (Markdown, what competitors read first), if it has one. Blocking. */
  public Optional<String> readme(Challenge challenge) {
    Path file = root.resolve(challenge.slug()).resolve(README);
    try {
      return java.nio.file.Files.isRegularFile(file)
          ? Optional.of(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8)) : Optional.empty();
    } catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
      return Optional.empty(); // a README that cannot be read leaves the page without it, not broken
    }
  }

  /** The name of a bundle's README. */
  public static final String README = "README.md";
}
