package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.ImageLimits;

/** The caps of a phase on what an image expands to, checked as its archive streams (no Docker). */
class ImageArchiveLimitsTest {
  private static final ImageLimits SMALL = ImageLimits.ofMiB(16, 4, 100);

  /** A layer tar holding {@code files} files of {@code each} zero bytes. */
  private static byte[] layer(int files, int each) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (int i = 0; i < files; i++) {
        TarArchiveEntry e = new TarArchiveEntry("app/file-" + i);
        e.setSize(each);
        tar.putArchiveEntry(e);
        tar.write(new byte[each]);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(content);
    }
    return gz.toByteArray();
  }

  /** An image archive (OCI-like names) with the given layers. */
  private static byte[] image(byte[]... layers) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      StringBuilder names = new StringBuilder();
      for (byte[] l : layers) {
        String name = "blobs/sha256/" + DigestUtils.sha256Hex(l);
        ImageArchives.put(tar, name, l);
        names.append(names.isEmpty() ? "" : ",").append('"').append(name).append('"');
      }
      ImageArchives.put(tar, ImageArchives.CONFIG_NAME, ImageArchives.CONFIG.getBytes(StandardCharsets.UTF_8));
      ImageArchives.put(tar, "manifest.json", ("[{\"Config\":\"" + ImageArchives.CONFIG_NAME
          + "\",\"RepoTags\":null,\"Layers\":[" + names + "]}]").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void anImageWithinEveryLimitIsAccepted() throws Exception {
    byte[] archive = image(gzip(layer(10, 100_000)), layer(5, 1000));

    assertThat(ImageArchive.inspect(new ByteArrayInputStream(archive), SMALL).imageId())
        .isEqualTo("sha256:" + DigestUtils.sha256Hex(ImageArchives.CONFIG));
  }

  @Test
  void aSmallGzippedLayerThatExpandsPastTheLayerCapIsRefusedNamingTheCap() throws Exception {
    byte[] bomb = gzip(layer(1, 6 << 20)); // a few KiB expanding to 6 MiB, the cap is 4
    assertThat(bomb.length).isLessThan(64 * 1024);

    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(image(bomb)), SMALL))
        .isInstanceOfSatisfying(ImageArchive.ImageLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo("maxLayerMiB"))
        .hasMessageContaining("expands to more than 4 MiB").hasMessageContaining("maxLayerMiB");
  }

  @Test
  void layersThatTogetherExpandPastTheImageCapAreRefused() throws Exception {
    byte[] threeMiB = gzip(layer(3, 1 << 20));
    byte[] archive = image(threeMiB, gzip(layer(3, (1 << 20) + 1)), gzip(layer(3, (1 << 20) + 2)),
        gzip(layer(3, (1 << 20) + 3)), gzip(layer(3, (1 << 20) + 4)), gzip(layer(3, (1 << 20) + 5)));

    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(archive), SMALL))
        .isInstanceOfSatisfying(ImageArchive.ImageLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo("maxImageUncompressedMiB"))
        .hasMessageContaining("more than 16 MiB");
  }

  @Test
  void filesInsideLayersCountAgainstTheEntryCap() throws Exception {
    byte[] archive = image(gzip(layer(150, 1)));

    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(archive), SMALL))
        .isInstanceOfSatisfying(ImageArchive.ImageLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo("maxImageEntries"))
        .hasMessageContaining("more than 100 files");
  }

  @Test
  void theCopyForTheEngineEnforcesTheSameCaps() throws Exception {
    byte[] bomb = gzip(layer(1, 6 << 20));
    ByteArrayOutputStream copy = new ByteArrayOutputStream();

    assertThatThrownBy(() -> ImageArchive.copyWithoutTags(new ByteArrayInputStream(image(bomb)), copy, SMALL))
        .isInstanceOf(ImageArchive.ImageLimitExceededException.class);
  }

  /** A ustar header block, its checksum set. */
  private static byte[] header(String name, char type, long size) {
    byte[] b = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, b, 0, n.length);
    System.arraycopy(String.format("%07o\0", 0644).getBytes(StandardCharsets.US_ASCII), 0, b, 100, 8);
    System.arraycopy(String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII), 0, b, 124, 12);
    b[156] = (byte) type;
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, b, 257, 8);
    java.util.Arrays.fill(b, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte x : b) {
      sum += x & 0xff;
    }
    System.arraycopy(String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII), 0, b, 148, 8);
    return b;
  }

  @Test
  void aHugeExtendedHeaderIsRefusedRatherThanRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(header("././@LongLink", 'L', 200_000_000)); // a 200 MB "file name", sent as zeros
    bytes.write(new byte[1 << 20]);

    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(gzip(bytes.toByteArray()))))
        .isInstanceOf(ImageArchive.InvalidImageArchiveException.class)
        .hasMessageContaining("long name of 200000000 bytes");
  }

  @Test
  void aLayerInACompressionWeCannotMeasureIsRefusedWithWhatToSend() throws Exception {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};

    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(image(zstd)), SMALL))
        .isInstanceOf(ImageArchive.InvalidImageArchiveException.class)
        .hasMessageContaining("compressed with zstd").hasMessageContaining("gzip");
  }
}
