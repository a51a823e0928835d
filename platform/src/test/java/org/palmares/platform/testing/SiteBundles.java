package org.palmares.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The demo bundle declared as a two-site challenge (nl, de): the platform's copy and a site's copy. */
public final class SiteBundles {
  private SiteBundles() {}

  /** The {@code sites:} block of the two-site copies. */
  public static final String SITES = """

      sites:
        - name: nl
          title: {en: Rotterdam tumour bank (Netherlands), fr: Banque de tumeurs de Rotterdam (Pays-Bas)}
          country: NL
        - name: de
          title: {en: GBSG trial (Germany), fr: Essai GBSG (Allemagne)}
          country: DE
      """;

  /** The bundle as the platform holds it: the demo with two sites, without its hidden folder. */
  public static Path platformCopy(Path root, String slug) throws IOException {
    Path dir = siteCopy(root, slug);
    deleteTree(dir.resolve("hidden"));
    return dir;
  }

  /** The bundle as a site holds it: the demo with two sites, with the hidden files (the demo's, at both sites). */
  public static Path siteCopy(Path root, String slug) throws IOException {
    return Bundles.demoCopy(root, slug, yaml -> yaml + SITES);
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
