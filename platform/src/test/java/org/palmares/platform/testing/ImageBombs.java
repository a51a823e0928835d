package org.palmares.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Hostile image archives, written to disk as they are built (never held in memory). */
public final class ImageBombs {
  private static final String CONFIG = """
      {"architecture":"amd64","os":"linux","config":{"Cmd":["python3","/app/run.py"]},"rootfs":{"type":"layers","diff_ids":[]}}""";

  private ImageBombs() {}

  /**
   * A {@code docker save}-shaped archive whose single layer is a gzipped tar holding one file of
   * {@code expandedBytes} zeros: a couple of MB on the wire for a GiB on the engine's disk.
   */
  public static Path gzippedLayer(Path target, long expandedBytes) throws IOException {
    Path layer = target.resolveSibling(target.getFileName() + ".layer.tar.gz");
    try (OutputStream file = Files.newOutputStream(layer);
         GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16) {
           {
             def.setLevel(Deflater.BEST_COMPRESSION);
           }
         };
         TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry e = new TarArchiveEntry("data/zeros.bin");
      e.setSize(expandedBytes);
      tar.putArchiveEntry(e);
      byte[] block = new byte[1 << 16];
      for (long left = expandedBytes; left > 0; left -= block.length) {
        tar.write(block, 0, (int) Math.min(block.length, left));
      }
      tar.closeArchiveEntry();
    }
    String layerName = DigestUtils.sha256Hex(Files.newInputStream(layer)) + "/layer.tar";
    String configName = DigestUtils.sha256Hex(CONFIG) + ".json";
    try (OutputStream file = Files.newOutputStream(target);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      TarArchiveEntry e = new TarArchiveEntry(layerName);
      e.setSize(Files.size(layer));
      tar.putArchiveEntry(e);
      Files.copy(layer, tar);
      tar.closeArchiveEntry();
      put(tar, configName, CONFIG);
      put(tar, "manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"bomb:latest\"],\"Layers\":[\""
          + layerName + "\"]}]");
    } finally {
      Files.deleteIfExists(layer);
    }
    return target;
  }

  private static void put(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
