package org.palmares.evaluator.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds image archives of chosen shapes on disk, streaming (never in memory), in the layout
 * {@code docker save} writes: a config, a manifest naming it, and layer entries.
 */
final class ImageArchives {
  static final String CONFIG = """
      {"architecture":"amd64","os":"linux","config":{"Cmd":["python3","/app/run.py"]},"rootfs":{"type":"layers","diff_ids":[]}}""";
  static final String CONFIG_NAME = "blobs/sha256/" + DigestUtils.sha256Hex(CONFIG);

  private ImageArchives() {}

  /** What each filler entry holds. */
  interface Filler {
    void write(OutputStream out, long size) throws IOException;
  }

  /** Zero bytes (the most compressible content there is). */
  static final Filler ZEROS = (out, size) -> {
    byte[] block = new byte[64 * 1024];
    for (long left = size; left > 0; left -= block.length) {
      out.write(block, 0, (int) Math.min(block.length, left));
    }
  };

  /** A JSON object padded with spaces: looks like a configuration to a reader. */
  static final Filler JSON = (out, size) -> {
    out.write('{');
    ZEROS.write(new SpaceFilter(out), size - 2);
    out.write('}');
  };

  /**
   * A gzipped archive of a valid image plus {@code count} entries of {@code size} bytes under
   * {@code blobs/sha256/}, written to {@code target}.
   */
  static Path withFiller(Path target, int count, long size, Filler filler) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
         GZIPOutputStream gz = new GZIPOutputStream(file, 64 * 1024);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      for (int i = 0; i < count; i++) {
        TarArchiveEntry e = new TarArchiveEntry("blobs/sha256/" + String.format("%064x", i));
        e.setSize(size);
        tar.putArchiveEntry(e);
        filler.write(tar, size);
        tar.closeArchiveEntry();
      }
      put(tar, CONFIG_NAME, CONFIG.getBytes(StandardCharsets.UTF_8));
      put(tar, "manifest.json", ("[{\"Config\":\"" + CONFIG_NAME + "\",\"RepoTags\":[\"team/model:latest\"],"
          + "\"Layers\":[]}]").getBytes(StandardCharsets.UTF_8));
    }
    return target;
  }

  static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** Turns zero bytes into spaces. */
  private static final class SpaceFilter extends java.io.FilterOutputStream {
    SpaceFilter(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      byte[] copy = new byte[len];
      java.util.Arrays.fill(copy, (byte) ' ');
      out.write(copy, 0, len);
    }
  }
}
