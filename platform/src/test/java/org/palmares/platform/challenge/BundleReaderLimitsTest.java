package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Bundles;

/** A bundle folder read from disk (at start-up, by `palmares validate`) is read within the same limits as an upload. */
class BundleReaderLimitsTest {
  @TempDir Path root;

  @Test
  void aChallengeYamlOverOneMebibyteIsAProblemNotAParse() throws Exception {
    Path dir = Bundles.demoCopy(root, "huge", y -> y + "#" + "x".repeat(1 << 20) + "\n");

    assertThatThrownBy(() -> BundleReader.read(dir, false)).isInstanceOf(InvalidChallengeException.class)
        .hasMessageContaining("challenge.yaml: is larger than 1 MiB");
  }

  @Test
  void aBillionLaughsOfAliasesIsReadWithoutExpandingThemAndRefusedForItsFields() throws Exception {
    StringBuilder yaml = new StringBuilder("a0: [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [")
          .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    Path dir = Files.createDirectories(root.resolve("laughs"));
    Files.writeString(dir.resolve("challenge.yaml"), yaml.toString().replace("a0: [", "a0: &a0 ["));

    assertThatThrownBy(() -> BundleReader.read(dir, false)).isInstanceOf(InvalidChallengeException.class)
        .hasMessageContaining("unknown field 'a9'");
  }
}
