package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection holds a bounded amount of the archive whatever its shape: each archive here is
 * inspected in a forked JVM with a 64 MiB heap, which an inspection keeping many small entries
 * in memory cannot survive.
 */
class ImageArchiveMemoryTest {
  @TempDir Path dir;

  private static String inspectWithSmallHeap(Path archive) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), InspectInSmallHeap.class.getName(), archive.toString()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return out;
  }

  @Test
  void manySmallCompressibleEntriesAreInspectedWithinASmallHeap() throws Exception {
    // 100 entries of 4 MiB (400 MiB unpacked) in a few hundred KiB of gzip, like the upload that
    // drove the server to 6.4 GB
    Path archive = ImageArchives.withFiller(dir.resolve("many.tar.gz"), 100, 4L << 20, ImageArchives.ZEROS);
    assertThat(Files.size(archive)).isLessThan(4L << 20);

    assertThat(inspectWithSmallHeap(archive))
        .contains("ACCEPTED sha256:" + DigestUtils.sha256Hex(ImageArchives.CONFIG));
  }

  @Test
  void manyEntriesThatLookLikeConfigurationsAreRefusedInsteadOfHeld() throws Exception {
    Path archive = ImageArchives.withFiller(dir.resolve("json.tar.gz"), 100, 1L << 20, ImageArchives.JSON);

    assertThat(inspectWithSmallHeap(archive)).startsWith("REFUSED").contains("MiB");
  }
}
