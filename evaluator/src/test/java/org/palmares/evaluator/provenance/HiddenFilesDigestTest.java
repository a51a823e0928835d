package org.palmares.evaluator.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiddenFilesDigestTest {

  @Test
  void theDigestIsTheOneASiteComputesWithSha256sum(@TempDir Path bundle) throws Exception {
    Files.createDirectories(bundle.resolve("hidden/images/b"));
    Files.writeString(bundle.resolve("hidden/test-labels.csv"), "id,y\n1,0\n");
    Files.writeString(bundle.resolve("hidden/test-inputs.csv"), "id,x\n1,0.5\n");
    Files.writeString(bundle.resolve("hidden/images/b/2.png"), "two");
    Files.writeString(bundle.resolve("hidden/images/1.png"), "one");
    String ours = new HiddenFilesDigest().digest(bundle,
        List.of("hidden/test-labels.csv", "hidden/test-inputs.csv", "hidden/images"));
    Process p = new ProcessBuilder("bash", "-c", "find hidden/test-labels.csv hidden/test-inputs.csv hidden/images "
        + "-type f | LC_ALL=C sort | xargs sha256sum | sha256sum").directory(bundle.toFile()).start();
    String byHand = new String(p.getInputStream().readAllBytes()).split(" ")[0];
    assertThat(p.waitFor()).isZero();
    assertThat(ours).isEqualTo("sha256:" + byHand);
  }

  @Test
  void aChangedFileChangesTheDigestEvenWhenCached(@TempDir Path bundle) throws Exception {
    Path labels = Files.writeString(bundle.resolve("labels.csv"), "id,y\n1,0\n");
    HiddenFilesDigest digests = new HiddenFilesDigest();
    String before = digests.digest(bundle, List.of("labels.csv"));
    Files.writeString(labels, "id,y\n1,1\n");
    Files.setLastModifiedTime(labels, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(labels).toMillis() + 5000));
    assertThat(digests.digest(bundle, List.of("labels.csv"))).isNotEqualTo(before);
  }

  @Test
  void aPathOutsideTheBundleOrMissingIsRefused(@TempDir Path bundle) {
    assertThatThrownBy(() -> new HiddenFilesDigest().digest(bundle, List.of("../etc/passwd")))
        .hasMessageContaining("outside the bundle");
    assertThatThrownBy(() -> new HiddenFilesDigest().digest(bundle, List.of("hidden/none.csv")))
        .hasMessageContaining("no hidden file");
  }
}
