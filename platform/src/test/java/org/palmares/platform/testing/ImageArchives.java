package org.palmares.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Image archives in the layout of {@code docker save} built without an engine (manifest, config
 * with a command, one layer), for tests of the upload path that never run the image.
 */
public final class ImageArchives {
  private ImageArchives() {}

  /** An uncompressed archive whose one layer holds {@code layerBytes} of incompressible bytes. */
  public static Path fake(Path target, long layerBytes) throws IOException {
    byte[] config = """
        {"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":[]}}
        """.getBytes(StandardCharsets.UTF_8);
    byte[] manifest = """
        [{"Config":"config.json","RepoTags":null,"Layers":["layer/layer.tar"]}]
        """.getBytes(StandardCharsets.UTF_8);
    try (OutputStream file = Files.newOutputStream(target);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      entry(tar, "config.json", config);
      entry(tar, "manifest.json", manifest);
      TarArchiveEntry layer = new TarArchiveEntry("layer/layer.tar");
      layer.setSize(layerBytes);
      tar.putArchiveEntry(layer);
      Random random = new Random(layerBytes);
      byte[] chunk = new byte[64 * 1024];
      for (long left = layerBytes; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        tar.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      tar.closeArchiveEntry();
      tar.finish();
    }
    return target;
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
