package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Bundles;

/** The start-up warning about a challenges folder whose hidden data other local users can read. */
class HiddenDataExposureTest {
  @TempDir Path work;

  @Test
  void hiddenDataInAFolderEveryoneCanCrossIsReportedWithTheCommandThatClosesIt() throws Exception {
    Path root = openToEveryone(work.resolve("challenges"));

    var found = HiddenDataExposure.of(ChallengeCatalog.load(root));

    assertThat(found).singleElement().satisfies(e -> {
      assertThat(e.slug()).isEqualTo("open-demo");
      assertThat(e.files()).contains("hidden/test-labels.csv", "hidden/test-inputs.csv", "hidden/sanity-labels.csv");
      assertThat(e.warning()).contains("Other local users can read the hidden data of challenge open-demo")
          .contains("chmod 700 " + root.resolve("open-demo"));
    });
  }

  @Test
  void theSuggestedCommandIsEnoughAndTheSandboxStillReadsItsInputs() throws Exception {
    Path root = openToEveryone(work.resolve("challenges"));
    Files.setPosixFilePermissions(root.resolve("open-demo"), PosixFilePermissions.fromString("rwx------"));

    assertThat(HiddenDataExposure.of(ChallengeCatalog.load(root))).isEmpty();
    // the file itself stays readable by the sandbox's user (through its bind mount)
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        root.resolve("open-demo/hidden/test-inputs.csv")))).isEqualTo("rw-r--r--");
  }

  /** The demo bundle as a checkout with umask 022 leaves it, under folders everyone may cross. */
  private Path openToEveryone(Path root) throws Exception {
    Bundles.demoCopy(root, "open-demo", y -> y);
    try (Stream<Path> all = Files.walk(work)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return root;
  }
}
