package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hidden files of a challenge bundle other than the labels, found from the labels file: the spec
 * names every hidden file relative to the bundle folder, and the scorer is handed the labels
 * file's location only.
 */
final class BundleFiles {

  private BundleFiles() {}

  /**
   * The bundle folder: {@code labelsCsv} with the spec's relative labels path taken off its end
   * (for {@code /site/melanoma/test/labels.csv} and {@code test/labels.csv},
   * {@code /site/melanoma}).
   *
   * @throws IllegalArgumentException if the labels path is absolute, climbs out with '..', or is
   *     not the end of {@code labelsCsv}
   */
  static Path bundleFolder(Path labelsCsv, String labelsRelative) {
    Path relative = Path.of(labelsRelative).normalize();
    if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
      throw new IllegalArgumentException("the spec's labels path must be relative to the bundle"
          + " folder and stay inside it: '" + labelsRelative + "'");
    }
    Path labels = labelsCsv.toAbsolutePath().normalize();
    if (!labels.endsWith(relative)) {
      throw new IllegalArgumentException("the labels file " + labelsCsv
          + " does not end with the spec's labels path '" + labelsRelative + "'");
    }
    Path folder = labels;
    for (int i = 0; i < relative.getNameCount(); i++) {
      folder = folder.getParent();
    }
    return folder;
  }

  /**
   * A hidden file of the bundle the labels file belongs to.
   *
   * @throws IllegalArgumentException if {@code relativePath} is absolute or leaves the bundle
   */
  static Path resolve(Path labelsCsv, String labelsRelative, String relativePath) {
    Path folder = bundleFolder(labelsCsv, labelsRelative);
    Path file = folder.resolve(relativePath).normalize();
    if (Path.of(relativePath).isAbsolute() || !file.startsWith(folder) || file.equals(folder)) {
      throw new IllegalArgumentException("a hidden file must be a path inside the bundle"
          + " folder: '" + relativePath + "'");
    }
    return file;
  }

  /**
   * The ids a public-ids file lists, one per line (trimmed; blank lines ignored).
   *
   * @throws IllegalStateException (the organizer's error) if an id is not a test id or is listed
   *     twice, naming the line
   */
  static Set<String> publicIds(Path file, Set<String> testIds) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("public ids file " + file + " does not exist");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    TreeMap<String, Integer> ids = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String id = lines.get(i).trim();
      if (i == 0 && id.startsWith("\uFEFF")) {
        id = id.substring(1).trim();
      }
      if (id.isEmpty()) {
        continue;
      }
      if (!testIds.contains(id)) {
        throw new IllegalStateException("public ids file " + file + ", line " + (i + 1)
            + ": id '" + id + "' is not in the test set");
      }
      Integer first = ids.putIfAbsent(id, i + 1);
      if (first != null) {
        throw new IllegalStateException("public ids file " + file + ", line " + (i + 1)
            + ": id '" + id + "' is listed twice (first at line " + first + ")");
      }
    }
    return ids.keySet();
  }
}
