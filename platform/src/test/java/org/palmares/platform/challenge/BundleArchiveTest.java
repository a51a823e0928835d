package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.challenge.BundleArchive.InvalidBundleArchiveException;

class BundleArchiveTest {
  @TempDir Path work;

  /** One tar entry: a name, a tar type flag, a link target (for links) and content (for files). */
  record Entry(String name, byte type, String link, byte[] content) {
    static Entry file(String name, String content) {
      return new Entry(name, TarConstants.LF_NORMAL, null, content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Path archive(Entry... entries) throws IOException {
    Path target = Files.createTempFile(work, "bundle", ".tgz");
    try (OutputStream file = Files.newOutputStream(target);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
        if (e.link() != null) {
          entry.setLinkName(e.link());
        }
        if (e.content() != null) {
          entry.setSize(e.content().length);
        }
        tar.putArchiveEntry(entry);
        if (e.content() != null) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
    }
    return target;
  }

  private Path unpack(Path archive) throws Exception {
    return BundleArchive.unpack(archive, Files.createTempDirectory(work, "unpacked"), BundleLimits.DEFAULTS);
  }

  private static Entry yaml() {
    return Entry.file("demo/challenge.yaml", "slug: demo\n");
  }

  @Test
  void aPlainBundleUnpacksToItsFolder() throws Exception {
    Path bundle = unpack(archive(yaml(), Entry.file("demo/public/train.csv", "id,x\n1,2\n")));

    assertThat(bundle.getFileName().toString()).isEqualTo("demo");
    assertThat(bundle.resolve("public/train.csv")).hasContent("id,x\n1,2");
  }

  @Test
  void aSymbolicLinkIsRefusedAndNothingIsWrittenInItsPlace() throws Exception {
    Path archive = archive(yaml(), new Entry("demo/hidden/labels.csv", TarConstants.LF_SYMLINK, "/etc/passwd", null));
    Path target = Files.createTempDirectory(work, "unpacked");

    assertThatThrownBy(() -> BundleArchive.unpack(archive, target, BundleLimits.DEFAULTS))
        .isInstanceOf(InvalidBundleArchiveException.class)
        .hasMessageContaining("symbolic link (to /etc/passwd) at demo/hidden/labels.csv")
        .hasMessageContaining("plain files and folders only");
    try (Stream<Path> written = Files.walk(target)) {
      assertThat(written).noneMatch(p -> p.endsWith("labels.csv"));
    }
  }

  @Test
  void aHardLinkADeviceAndAPipeAreRefusedByName() throws Exception {
    assertThatThrownBy(() -> unpack(archive(yaml(), new Entry("demo/x.csv", TarConstants.LF_LINK, "demo/challenge.yaml",
        null)))).isInstanceOf(InvalidBundleArchiveException.class).hasMessageContaining("a hard link");
    assertThatThrownBy(() -> unpack(archive(yaml(), new Entry("demo/tty", TarConstants.LF_CHR, null, null))))
        .isInstanceOf(InvalidBundleArchiveException.class).hasMessageContaining("a device at demo/tty");
    assertThatThrownBy(() -> unpack(archive(yaml(), new Entry("demo/fifo", TarConstants.LF_FIFO, null, null))))
        .isInstanceOf(InvalidBundleArchiveException.class).hasMessageContaining("a named pipe");
  }

  @Test
  void absolutePathsAndParentStepsAreRefused() throws Exception {
    assertThatThrownBy(() -> unpack(archive(yaml(), Entry.file("/tmp/evil", "x"))))
        .isInstanceOf(InvalidBundleArchiveException.class).hasMessageContaining("outside the bundle: /tmp/evil");
    assertThatThrownBy(() -> unpack(archive(yaml(), Entry.file("demo/../../evil", "x"))))
        .isInstanceOf(InvalidBundleArchiveException.class).hasMessageContaining("outside the bundle: demo/../../evil");
  }

  @Test
  void aChallengeYamlOverItsLimitIsRefusedNamingTheLimit() throws Exception {
    byte[] huge = new byte[(int) BundleLimits.DEFAULTS.maxYamlBytes() + 1];
    java.util.Arrays.fill(huge, (byte) '#');

    assertThatThrownBy(() -> unpack(archive(new Entry("demo/challenge.yaml", TarConstants.LF_NORMAL, null, huge))))
        .isInstanceOf(InvalidBundleArchiveException.class)
        .hasMessageContaining("demo/challenge.yaml unpacks to more than 1 MiB, the limit for challenge.yaml");
  }

  @Test
  void tooManyEntriesTooDeepAndTwiceTheSameNameAreRefused() throws Exception {
    BundleLimits small = new BundleLimits(1 << 20, 1 << 10, 3, 3, 100, java.time.Duration.ofMinutes(1));
    Path target = Files.createTempDirectory(work, "unpacked");
    assertThatThrownBy(() -> BundleArchive.unpack(archive(yaml(), Entry.file("demo/a", ""), Entry.file("demo/b", ""),
        Entry.file("demo/c", "")), target, small)).hasMessageContaining("more than 3 entries");
    assertThatThrownBy(() -> unpack(archive(yaml(), Entry.file("demo/" + "d/".repeat(20) + "f", ""))))
        .hasMessageContaining("nests folders deeper than 16 levels");
    assertThatThrownBy(() -> unpack(archive(yaml(), yaml()))).hasMessageContaining("holds demo/challenge.yaml twice");
    assertThatThrownBy(() -> unpack(archive(yaml(), Entry.file("demo/challenge.yaml/x", ""))))
        .hasMessageContaining("inside a path that is also a file");
  }

  @Test
  void aCorruptGzipStreamIsTheArchivesFaultNotAnInputOutputError() throws Exception {
    byte[] good = Files.readAllBytes(archive(yaml(), Entry.file("demo/public/train.csv", "id\n".repeat(1000))));
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    cut[cut.length - 1] ^= 0x55;
    Path broken = Files.write(work.resolve("broken.tgz"), cut);

    assertThatThrownBy(() -> unpack(broken)).isInstanceOf(InvalidBundleArchiveException.class)
        .hasMessageStartingWith("the upload is not a readable tar archive");
  }
}
