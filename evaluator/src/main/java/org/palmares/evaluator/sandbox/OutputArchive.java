package org.palmares.evaluator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the tar of {@code /output} that the supervisor writes to the container's stdout into a
 * host folder: regular files only (links, devices and FIFOs are skipped), names confined to the
 * folder, and never more than the cap of file bytes on the host. The stream itself is read only
 * up to the cap plus {@link #STREAM_SLACK} (tar headers of many small files), then refused.
 */
final class OutputArchive {
  /** What the tar stream may carry beyond the cap: headers, padding, the end blocks. */
  static final long STREAM_SLACK = 1024 * 1024;

  private OutputArchive() {}

  /** What came out. {@code tooLarge} when the files or the stream went past the cap. */
  record Unpacked(long fileBytes, int files, boolean tooLarge) {}

  /**
   * Reads the tar from {@code in} into {@code dir} (existing, ours). Stops reading at the first
   * byte past the cap; the caller closes the stream.
   */
  static Unpacked unpack(InputStream in, Path dir, long capBytes) throws IOException {
    BoundedInputStream bounded = new BoundedInputStream(in, capBytes + STREAM_SLACK);
    long total = 0;
    int files = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(bounded)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (!isRegularFile(entry)) {
          continue;
        }
        Path target = confined(dir, entry.getName());
        if (target == null) {
          continue;
        }
        if (total + entry.getSize() > capBytes) {
          return new Unpacked(total, files, true);
        }
        // Only we create anything under dir, and never a link: a path there cannot lead elsewhere.
        try {
          Files.createDirectories(target.getParent());
          try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            total += tar.transferTo(out);
          }
          files++;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // a repeated name, or a file where a folder should be: keep what came first
        }
      }
    } catch (IOException e) {
      if (bounded.reached) {
        return new Unpacked(total, files, true);
      }
      throw e;
    }
    return new Unpacked(total, files, false);
  }

  /** commons-compress calls any entry not named like a folder a file (FIFOs and devices too): ask for each kind. */
  private static boolean isRegularFile(TarArchiveEntry entry) {
    return entry.isFile() && !entry.isDirectory() && !entry.isLink() && !entry.isSymbolicLink() && !entry.isFIFO()
        && !entry.isCharacterDevice() && !entry.isBlockDevice();
  }

  /** The entry's path under {@code dir}, or null when its name tries to leave it. */
  private static Path confined(Path dir, String name) {
    String clean = name.startsWith("./") ? name.substring(2) : name;
    if (clean.isEmpty() || clean.startsWith("/")) {
      return null;
    }
    Path target = dir.resolve(clean).normalize();
    return target.startsWith(dir) && !target.equals(dir) ? target : null;
  }

  /** Fails the read past a byte budget, so a flood of tiny entries cannot keep us reading. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean reached;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        if (in.read() < 0) {
          return -1; // exactly at the budget and the stream ends: fine
        }
        reached = true;
        throw new IOException("the output stream went past its cap");
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
