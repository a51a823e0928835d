package org.palmares.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which data folders the platform accepts, and what it says about the others. */
class DataFolderTest {
  @TempDir Path work;

  @Test
  void aMissingDataFolderIsCreatedOwnerOnlyWithItsMissingParents() throws Exception {
    DataFolder data = DataFolder.open(work.resolve("srv/palmares/data"));

    assertThat(OwnerOnly.mode(data.root())).isEqualTo("rwx------");
    assertThat(OwnerOnly.mode(work.resolve("srv/palmares"))).isEqualTo("rwx------");
    assertThat(OwnerOnly.mode(data.evaluatorWork())).isEqualTo("rwx------");
  }

  @Test
  void aDatabaseFileOthersCanReadIsRefusedWithTheCommandThatFixesIt() throws Exception {
    Path root = work.resolve("data");
    Files.createDirectories(root.resolve("db"));
    Files.writeString(root.resolve("db/palmares.mv.db"), "accounts, tokens, private scores");
    Files.setPosixFilePermissions(root.resolve("db/palmares.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(root.resolve("db"), PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(() -> DataFolder.open(root))
        .isInstanceOf(DataFolder.UnsafeDataFolderException.class)
        .hasMessageContaining("db/palmares.mv.db is rw-r--r--")
        .hasMessageContaining("other local users")
        .hasMessageEndingWith("chmod -R go-rwx " + root);

    Process chmod = new ProcessBuilder("chmod", "-R", "go-rwx", root.toString()).inheritIO().start();
    assertThat(chmod.waitFor()).isZero();
    assertThat(DataFolder.open(root).root()).isEqualTo(root);
  }

  @Test
  void anEmptyFolderOfOursAsMkdirLeavesItIsMadeOwnerOnly() throws Exception {
    Path root = Files.createDirectory(work.resolve("data"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(OwnerOnly.mode(DataFolder.open(root).root())).isEqualTo("rwx------");
  }

  @Test
  void aFolderOthersCanWriteIsRefusedEvenIfTheyCannotReadIt() throws Exception {
    Path root = Files.createDirectory(work.resolve("data"));
    Files.createDirectory(root.resolve("blobs"));
    OwnerOnly.restrict(root.resolve("blobs"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx-w--w-"));

    assertThatThrownBy(() -> DataFolder.open(root))
        .isInstanceOf(DataFolder.UnsafeDataFolderException.class)
        .hasMessageContaining("the folder itself is rwx-w--w-");
  }

  @Test
  void aDataFolderReachedThroughALinkIsCheckedWhereItLeads() throws Exception {
    Path real = Files.createDirectories(work.resolve("big-disk/data/db"));
    Files.setPosixFilePermissions(real.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(work.resolve("data"), real.getParent());

    assertThatThrownBy(() -> DataFolder.open(link)).hasMessageContaining("the folder itself is rwxr-xr-x");
  }

  @Test
  void theSandboxsOutputFolderInsideAnEvaluatorRunIsTheEvaluatorsBusiness() throws Exception {
    DataFolder data = DataFolder.open(work.resolve("data"));
    Path output = Files.createDirectories(data.evaluatorWork().resolve("run-1/output"));
    Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(DataFolder.open(data.root())).isEqualTo(data);

    Files.setPosixFilePermissions(data.evaluatorWork(), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> DataFolder.open(data.root())).hasMessageContaining("evaluator is rwxr-xr-x");
  }
}
