package org.palmares.evaluator.site;

import java.util.Set;

/**
 * The digests a scoring image named by a phase has on this site's engine: its id
 * ({@code sha256:<config digest>}) and its repository digests ({@code sha256:<manifest digest>}),
 * empty when the engine does not have it. A site accepts a scoring image by digest, never by tag:
 * a tag can be moved to other code, a digest cannot.
 */
@FunctionalInterface
public interface ImageDigests {
  Set<String> of(String image);

  /** The digests written in a reference itself ({@code name@sha256:...}, or a bare {@code sha256:...}). */
  static Set<String> written(String image) {
    int at = image.lastIndexOf('@');
    String digest = at >= 0 ? image.substring(at + 1) : image;
    return digest.matches("sha256:[0-9a-f]{64}") ? Set.of(digest) : Set.of();
  }
}
