package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.palmares.platform.testing.Bundles;

/**
 * Coverage-guided fuzzing of what an organizer's upload is made of: the bundle archive and its
 * {@code challenge.yaml}. Any bytes give a bundle or the documented refusal
 * ({@link BundleArchive.InvalidBundleArchiveException}, {@link InvalidChallengeException} with
 * problems), never another exception, and unpacking writes only plain files and folders inside its
 * target. Findings are kept as regression inputs under
 * {@code src/test/resources/org/palmares/platform/challenge/BundleFuzzTestInputs/}, run by every
 * build; {@code JAZZER_FUZZ=1} fuzzes (see scripts/fuzz.sh).
 */
class BundleFuzzTest {
  private static final BundleLimits SMALL = new BundleLimits(1 << 20, 64 << 10, 200, 8, 256, Duration.ofSeconds(20));
  private static final Path DIR = demoBundle();

  @FuzzTest(maxDuration = "30s")
  void anyArchiveUnpacksToPlainFilesInsideItsFolderOrIsRefused(byte[] archive) throws IOException {
    Path file = Files.write(DIR.resolve("upload.tgz"), archive);
    Path target = Files.createDirectories(DIR.resolve("unpacked"));
    try {
      Path bundle = BundleArchive.unpack(file, target, SMALL);
      assertThat(bundle.startsWith(target)).isTrue();
      try (Stream<Path> all = Files.walk(target)) {
        assertThat(all).allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
      }
    } catch (BundleArchive.InvalidBundleArchiveException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    } finally {
      try (Stream<Path> all = Files.walk(target)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyChallengeYamlIsReadOrRefusedWithItsProblems(byte[] yaml) throws IOException {
    Path bundle = DIR.resolve("breast-cancer-diagnosis");
    Files.write(bundle.resolve("challenge.yaml"), yaml);
    try {
      Challenge c = BundleReader.read(bundle, true);
      assertThat(c.slug()).isEqualTo("breast-cancer-diagnosis");
    } catch (InvalidChallengeException refused) {
      assertThat(refused.problems()).isNotEmpty();
    }
    try {
      BundleReader.declaredSlug(bundle);
    } catch (InvalidChallengeException refused) {
      assertThat(refused.problems()).isNotEmpty();
    }
  }

  /** A scratch folder holding a copy of the demo bundle, whose yaml the fuzzer replaces. */
  private static Path demoBundle() {
    try {
      Path dir = Files.createTempDirectory("bundle-fuzz");
      Bundles.demoCopy(dir, "breast-cancer-diagnosis", y -> y);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
