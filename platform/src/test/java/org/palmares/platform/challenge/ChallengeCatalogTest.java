package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Fixtures;

class ChallengeCatalogTest {
  @TempDir Path root;

  private Path copyDemoAs(String slug) throws Exception {
    return org.palmares.platform.testing.Bundles.demoCopy(root, slug, y -> y);
  }

  @Test
  void theDemoBundleLoadsWithItsEvaluationSpec() throws Exception {
    Challenge c = Fixtures.demoChallenge();

    assertThat(c.primaryMetric()).isEqualTo("roc_auc");
    assertThat(c.title().in("fr")).startsWith("Diagnostic du cancer du sein");
    Phase sanity = c.phase("sanity").orElseThrow();
    Phase fin = c.phase("final").orElseThrow();
    assertThat(c.evaluationSpec(fin).limits().memoryBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(c.evaluationSpec(fin).hidden().labels()).isEqualTo("hidden/test-labels.csv");
    assertThat(c.evaluationSpec(sanity).hidden().labels()).isEqualTo("hidden/sanity-labels.csv");
    assertThat(c.evaluationSpec(sanity).split().seed()).isEqualTo(3L);
    assertThat(sanity.showsLogsToTeams()).isTrue();
    assertThat(fin.showsLogsToTeams()).isFalse();
    assertThat(c.data().publicFiles()).startsWith("public/train.csv").contains("baselines/logreg/predict.py");
  }

  @Test
  void aBrokenBundleIsReportedWithFileAndLineAndTheOthersAreServed() throws Exception {
    copyDemoAs("good-one");
    Path bad = copyDemoAs("bad-one");
    Files.writeString(bad.resolve("challenge.yaml"),
        Files.readString(bad.resolve("challenge.yaml")).replace("cpus: 1.0", "cpus: [1]"));

    ChallengeCatalog catalog = ChallengeCatalog.load(root);

    assertThat(catalog.all()).extracting(Challenge::slug).containsExactly("good-one");
    assertThat(catalog.problems()).singleElement().asString().startsWith("bad-one/challenge.yaml:").contains("limits.cpus");
  }

  @Test
  void anUnknownMetricAndAMissingPublicFileAreNamed() throws Exception {
    Path dir = copyDemoAs("typo");
    Files.writeString(dir.resolve("challenge.yaml"), Files.readString(dir.resolve("challenge.yaml"))
        .replace("metrics: [roc_auc,", "metrics: [roc_acu,").replace("public: [public/train.csv,", "public: [public/tran.csv,"));

    assertThatThrownBy(() -> ChallengeCatalog.readBundle(dir))
        .isInstanceOf(InvalidChallengeException.class)
        .hasMessageContaining("roc_acu")
        .hasMessageContaining("public/tran.csv");
  }

  @Test
  void aSlugThatDiffersFromItsFolderIsRefused() throws Exception {
    Path dir = copyDemoAs("folder-name");
    Files.writeString(dir.resolve("challenge.yaml"),
        Files.readString(dir.resolve("challenge.yaml")).replace("slug: folder-name", "slug: other-name"));

    assertThatThrownBy(() -> ChallengeCatalog.readBundle(dir)).hasMessageContaining("must equal the bundle folder");
  }

  @Test
  void onlyDeclaredPublicFilesAreOffered() throws Exception {
    ChallengeCatalog catalog = ChallengeCatalog.load(Fixtures.repoRoot().resolve("challenges"));
    Challenge c = catalog.find("breast-cancer-diagnosis").orElseThrow();

    assertThat(catalog.publicFile(c, "public/train.csv")).isPresent();
    assertThat(catalog.publicFile(c, "hidden/test-labels.csv")).isEmpty();
    assertThat(catalog.publicFile(c, "public/../hidden/test-labels.csv")).isEmpty();
  }

  @Test
  void devShmIsSizedByTheChallengesLimitsAndIs64MiBByDefault() throws Exception {
    Path sized = copyDemoAs("shm-sized");
    Files.writeString(sized.resolve("challenge.yaml"), Files.readString(sized.resolve("challenge.yaml"))
        .replace("slug: breast-cancer-diagnosis", "slug: shm-sized").replace("  tmpMiB: 64\n", "  tmpMiB: 64\n  shmMiB: 256\n"));
    Challenge c = ChallengeCatalog.readBundle(sized);

    assertThat(c.evaluationSpec(c.phase("final").orElseThrow()).limits().shmBytes()).isEqualTo(256L * 1024 * 1024);
    Challenge demo = Fixtures.demoChallenge();
    assertThat(demo.evaluationSpec(demo.phase("final").orElseThrow()).limits().shmBytes())
        .isEqualTo(64L * 1024 * 1024);
  }
}
