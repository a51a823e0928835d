package org.palmares.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.testing.Fixtures;
import picocli.CommandLine;

/** What the platform and its commands check of the data folder before using it. */
class StartUpChecksTest {
  @TempDir Path work;

  @Test
  void thePlatformRefusesToStartOnADataFolderOthersCanRead() throws Exception {
    Path data = Files.createDirectories(work.resolve("data/blobs"));
    Files.setPosixFilePermissions(data.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    data = data.getParent();
    Platform.Settings settings = Platform.Settings.defaults(data, Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false);

    Throwable refused = null;
    try (Platform started = Platform.start(settings)) {
      // (it should not have)
    } catch (IllegalStateException e) {
      refused = e;
    }

    assertThat(refused).isInstanceOf(DataFolder.UnsafeDataFolderException.class)
        .hasMessageContaining("is open to other local users (the folder itself is rwxr-xr-x, blobs is rwxr-xr-x)")
        .hasMessageContaining("chmod -R go-rwx " + data);
    assertThat(data.resolve("db")).doesNotExist();
  }

  @Test
  void aCommandOnADataFolderOthersCanReadStopsWithTheSentenceThatSaysHowToFixIt() throws Exception {
    Path data = Files.createDirectory(work.resolve("data"));
    Files.writeString(data.resolve("notes.txt"), "left by someone");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute("grant-admin", "--data", data.toString(), "--email", "ada@example.org");
    } finally {
      System.setErr(stderr);
    }

    assertThat(code).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("chmod -R go-rwx " + data).doesNotContain("\tat ");
  }

  @Test
  void underAUmaskThatOpensEverythingTheDataFolderIsStillCreatedOwnerOnly() throws Exception {
    Path data = work.resolve("data");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // a fresh JVM: the umask is the process's, inherited from the shell that starts it
    Process p = new ProcessBuilder("sh", "-c", "umask 000 && exec \"$0\" -cp \"$1\" org.palmares.platform.Main "
        + "grant-admin --data \"$2\" --email ada@example.org", java, System.getProperty("java.class.path"),
        data.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isEqualTo(2); // no such account: but the database was opened

    List<String> modes = new ArrayList<>();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path f : all.toList()) {
        modes.add(data.relativize(f) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
    assertThat(modes).contains(" rwx------", "db rwx------", "db/palmares.mv.db rw-------")
        .allSatisfy(m -> assertThat(m).endsWith("------"));
  }
}
