package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Main;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.SiteBundles;
import picocli.CommandLine;

/** {@code sites:} in challenge.yaml: the platform's copy holds no hidden files, each site's copy holds its own. */
class BundleSitesTest {
  @TempDir Path root;

  @Test
  void aTwoSiteBundleWithoutHiddenFilesIsThePlatformsCopyAndListsItsSitesInOrder() throws Exception {
    Challenge c = BundleReader.read(SiteBundles.platformCopy(root, "two-sites"), true);
    assertThat(c.multiSite()).isTrue();
    assertThat(c.siteNames()).containsExactly("nl", "de");
    assertThat(c.site("de").orElseThrow().title().in("fr")).isEqualTo("Essai GBSG (Allemagne)");
    assertThat(c.site("nl").orElseThrow().country()).isEqualTo("NL");
  }

  @Test
  void aSingleSiteBundleDeclaresNoSitesAndStillNeedsItsHiddenFiles() throws Exception {
    Path dir = Bundles.demoCopy(root, "one-site", y -> y);
    assertThat(BundleReader.read(dir, true).sites()).isEmpty();
    SiteBundles.deleteTree(dir.resolve("hidden"));
    assertThatThrownBy(() -> BundleReader.read(dir, false)).hasMessageContaining("does not exist in the bundle");
  }

  @Test
  void thePlatformsCopyOfAMultiSiteBundleIsRefusedWhenItHoldsHiddenFiles() throws Exception {
    Path dir = SiteBundles.siteCopy(root, "leaky");
    assertThatThrownBy(() -> BundleReader.read(dir, false))
        .isInstanceOf(InvalidChallengeException.class)
        .hasMessageContaining("'hidden/test-labels.csv' is a hidden file, and this challenge declares sites")
        .hasMessageContaining("validate DIR --site NAME");
  }

  @Test
  void aSitesCopyIsCheckedWithItsHiddenFiles() throws Exception {
    Path dir = SiteBundles.siteCopy(root, "at-site");
    assertThat(BundleReader.readAtSite(dir, "de").siteNames()).containsExactly("nl", "de");

    // the site's labels lose an id: the site's copy is checked as a single-site bundle is
    Path labels = dir.resolve("hidden/test-labels.csv");
    var lines = Files.readAllLines(labels);
    Files.write(labels, lines.subList(0, lines.size() - 1));
    assertThatThrownBy(() -> BundleReader.readAtSite(dir, "de")).hasMessageContaining("have no label");
  }

  @Test
  void aSitesCopyWithoutItsHiddenFilesOrOfAnUndeclaredSiteIsRefused() throws Exception {
    Path platform = SiteBundles.platformCopy(root, "no-hidden");
    assertThatThrownBy(() -> BundleReader.readAtSite(platform, "nl")).hasMessageContaining("does not exist in the bundle");
    Path site = SiteBundles.siteCopy(root.resolve("x"), "no-hidden");
    assertThatThrownBy(() -> BundleReader.readAtSite(site, "qc"))
        .hasMessageContaining("the challenge declares no site 'qc' (its sites: nl, de)");
    Path single = Bundles.demoCopy(root.resolve("y"), "single", y -> y);
    assertThatThrownBy(() -> BundleReader.readAtSite(single, "nl")).hasMessageContaining("declares no sites");
  }

  @Test
  void sitesNeedUniqueNamesRealCountriesAndTheirFields() throws Exception {
    Path twice = Bundles.demoCopy(root, "twice", y -> y + SiteBundles.SITES.replace("name: de", "name: nl"));
    SiteBundles.deleteTree(twice.resolve("hidden"));
    assertThatThrownBy(() -> BundleReader.read(twice, false)).hasMessageContaining("site name 'nl' is used twice");

    Path country = Bundles.demoCopy(root, "country", y -> y + SiteBundles.SITES.replace("country: DE", "country: XX"));
    SiteBundles.deleteTree(country.resolve("hidden"));
    assertThatThrownBy(() -> BundleReader.read(country, false))
        .hasMessageContaining("'XX' is not an ISO 3166-1 alpha-2 country code");

    Path badName = Bundles.demoCopy(root, "bad-name", y -> y + SiteBundles.SITES.replace("name: de", "name: De!"));
    SiteBundles.deleteTree(badName.resolve("hidden"));
    assertThatThrownBy(() -> BundleReader.read(badName, false)).hasMessageContaining("sites[1].name");
  }

  @Test
  void validateWithSiteChecksTheSitesCopyAndWithoutItThePlatformsCopy() throws Exception {
    Path site = SiteBundles.siteCopy(root, "cli");
    assertThat(run("validate", site.toString(), "--site", "nl")).startsWith("0:").contains("the copy of site nl");
    assertThat(run("validate", site.toString())).startsWith("1:").contains("is a hidden file");
    Path platform = SiteBundles.platformCopy(root.resolve("p"), "cli");
    assertThat(run("validate", platform.toString())).startsWith("0:").contains("without hidden files");
  }

  @Test
  void anEvaluatorsSiteMustBeOneItsChallengesDeclare() throws Exception {
    Challenge two = BundleReader.read(SiteBundles.platformCopy(root, "two"), false);
    Challenge one = BundleReader.read(Bundles.demoCopy(root, "one", y -> y), false);
    assertThat(org.palmares.platform.evaluation.EvaluatorCredentials.checkSite(java.util.List.of(two), "de")).isNull();
    assertThat(org.palmares.platform.evaluation.EvaluatorCredentials.checkSite(java.util.List.of(one), null)).isNull();
    assertThat(org.palmares.platform.evaluation.EvaluatorCredentials.checkSite(java.util.List.of(two), "qc"))
        .isEqualTo("challenge two declares no site 'qc' (its sites: nl, de)");
    assertThat(org.palmares.platform.evaluation.EvaluatorCredentials.checkSite(java.util.List.of(two), null))
        .contains("give the evaluator the site it runs at (--site NAME)");
    assertThat(org.palmares.platform.evaluation.EvaluatorCredentials.checkSite(java.util.List.of(one), "nl"))
        .contains("declares no sites");
  }

  /** Runs the command line; "exit code: stdout+stderr". */
  private static String run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int code = new CommandLine(new Main()).execute(args);
      return code + ": " + bytes.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
