package org.palmares.evaluator;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The hidden data this evaluator's site holds: one bundle folder per challenge under a root.
 * Paths come from evaluation specs, so they are resolved strictly inside the bundle.
 */
public final class SiteData {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private final Path root;

  public SiteData(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The hidden folder {@code relative} of challenge {@code slug} (an image challenge's images or truth). */
  public Path hiddenFolder(String slug, String relative) throws FileNotFoundException {
    Path folder = resolve(slug, relative);
    if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileNotFoundException("this site has no hidden folder " + folder);
    }
    return folder;
  }

  /** The hidden file {@code relative} of challenge {@code slug}; fails if absent or outside the bundle. */
  public Path hiddenFile(String slug, String relative) throws FileNotFoundException {
    Path file = resolve(slug, relative);
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException("this site has no hidden file " + file);
    }
    return file;
  }

  /** The bundle folder of challenge {@code slug} at this site. */
  public Path bundle(String slug) {
    if (!SLUG.matcher(slug).matches()) {
      throw new IllegalArgumentException("not a challenge slug: " + slug);
    }
    return root.resolve(slug);
  }

  private Path resolve(String slug, String relative) {
    Path bundle = bundle(slug);
    Path file = bundle.resolve(relative).normalize();
    if (!file.startsWith(bundle)) {
      throw new IllegalArgumentException("hidden file " + relative + " is outside the bundle of " + slug);
    }
    return file;
  }
}
