package org.palmares.evaluator.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The digest of the hidden files an evaluation read, so a record says on which data a score was
 * computed without saying anything of it. It is the sha256 of a manifest in {@code sha256sum}'s
 * layout, one line {@code <sha256 of the file>  <path relative to the bundle>\n} per file, sorted
 * by path (byte order); folders (an image challenge's images) count for every file under them. A
 * site can recompute it by hand:
 * {@code cd BUNDLE && find FILES... -type f | LC_ALL=C sort | xargs sha256sum | sha256sum}.
 *
 * <p>Hidden data can be large (images): a digest is kept for as long as no file of it changed
 * size or modification time.
 */
public final class HiddenFilesDigest {
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /**
   * {@code sha256:<hex>} of the files {@code relative} (files or folders) of {@code bundle}.
   *
   * @throws IOException when one cannot be read (or is outside the bundle)
   */
  public String digest(Path bundle, Collection<String> relative) throws IOException {
    Path root = bundle.toAbsolutePath().normalize();
    TreeMap<String, Path> files = new TreeMap<>(HiddenFilesDigest::byteOrder);
    for (String r : relative) {
      Path p = root.resolve(r).normalize();
      if (!p.startsWith(root)) {
        throw new IOException("hidden file " + r + " is outside the bundle");
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
            files.put(root.relativize(f).toString(), f);
          }
        }
      } else if (Files.isRegularFile(p)) {
        files.put(root.relativize(p).toString(), p);
      } else {
        throw new IOException("no hidden file " + r + " in " + root);
      }
    }
    StringBuilder key = new StringBuilder(root.toString());
    for (Map.Entry<String, Path> f : files.entrySet()) {
      key.append('\n').append(f.getKey()).append(' ').append(Files.size(f.getValue())).append(' ')
          .append(Files.getLastModifiedTime(f.getValue()).toMillis());
    }
    String known = cache.get(key.toString());
    if (known != null) {
      return known;
    }
    StringBuilder manifest = new StringBuilder();
    for (Map.Entry<String, Path> f : files.entrySet()) {
      manifest.append(sha256(f.getValue())).append("  ").append(f.getKey()).append('\n');
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(manifest.toString().getBytes(StandardCharsets.UTF_8)));
    cache.put(key.toString(), digest);
    return digest;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int byteOrder(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The hidden paths an evaluation of {@code spec} reads (its inputs, labels and image folders). */
  public static List<String> readBy(org.palmares.evaluator.protocol.EvaluationSpec spec) {
    List<String> paths = new ArrayList<>();
    if (spec.hidden() != null) {
      paths.add(spec.hidden().inputs());
      paths.add(spec.hidden().labels());
    }
    if (spec.imageTask() != null) {
      paths.add(spec.imageTask().images());
      if (spec.imageTask().truth() != null) {
        paths.add(spec.imageTask().truth());
      }
    }
    return paths.stream().filter(java.util.Objects::nonNull).distinct().toList();
  }
}
