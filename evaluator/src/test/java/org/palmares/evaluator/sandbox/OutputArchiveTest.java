package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-back of /output as the supervisor's tar: what reaches the host and what never does. */
class OutputArchiveTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  private void file(String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private void link(String name, String target, byte type) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private OutputArchive.Unpacked unpack(long cap) throws IOException {
    tar.finish();
    return OutputArchive.unpack(new ByteArrayInputStream(bytes.toByteArray()), dir, cap);
  }

  private Stream<Path> everything() throws IOException {
    return Files.walk(dir).filter(p -> !p.equals(dir));
  }

  @Test
  void regularFilesAndFoldersComeBackAsWritten() throws IOException {
    file("./predictions.csv", "id,p\na,0.5\n");
    file("./extra/notes.txt", "hello");

    OutputArchive.Unpacked out = unpack(1024);

    assertThat(out).isEqualTo(new OutputArchive.Unpacked(16, 2, false));
    assertThat(Files.readString(dir.resolve("predictions.csv"))).isEqualTo("id,p\na,0.5\n");
    assertThat(Files.readString(dir.resolve("extra/notes.txt"))).isEqualTo("hello");
  }

  @Test
  void linksDevicesAndNamesLeavingTheFolderNeverReachTheHost() throws IOException {
    link("./predictions.csv", "/etc/passwd", TarConstants.LF_SYMLINK);
    link("./hard", "/etc/shadow", TarConstants.LF_LINK);
    link("./fifo", "", TarConstants.LF_FIFO);
    file("../escaped.csv", "x");

    OutputArchive.Unpacked out = unpack(1024);

    assertThat(out.files()).isZero();
    assertThat(everything()).isEmpty();
    assertThat(dir.resolveSibling("escaped.csv")).doesNotExist();
  }

  @Test
  void filesPastTheCapAreRefusedAndNeverWritten() throws IOException {
    file("./a.csv", "x".repeat(600));
    file("./b.csv", "y".repeat(600));

    OutputArchive.Unpacked out = unpack(1000);

    assertThat(out.tooLarge()).isTrue();
    assertThat(Files.size(dir.resolve("a.csv"))).isEqualTo(600);
    assertThat(dir.resolve("b.csv")).doesNotExist();
  }

  @Test
  void aStreamOfManyEmptyFilesIsCutAtTheCapPlusTheSlack() throws IOException {
    for (int i = 0; i < 5000; i++) { // 5000 headers: 2.5 MB of tar for zero bytes of files
      file("./empty-" + i, "");
    }

    OutputArchive.Unpacked out = unpack(1000);

    assertThat(out.tooLarge()).isTrue();
    assertThat(out.files()).isLessThan(5000);
  }

  @Test
  void aRepeatedNameKeepsTheFirstFile() throws IOException {
    file("./predictions.csv", "first");
    file("predictions.csv", "second");

    OutputArchive.Unpacked out = unpack(1024);

    assertThat(out.files()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("predictions.csv"))).isEqualTo("first");
  }
}
