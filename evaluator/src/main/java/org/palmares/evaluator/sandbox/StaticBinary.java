package org.palmares.evaluator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a host executable is statically linked (an ELF file without an interpreter), so it
 * runs inside any image, whatever libc the image has or lacks.
 */
final class StaticBinary {
  private static final int PT_INTERP = 3;

  private StaticBinary() {}

  /** Returns the path as a string, or fails with what to install. */
  static String require(Path binary) {
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary) || !isStatic(binary)) {
      throw new IllegalStateException("The sandbox needs a static busybox at " + binary
          + " (Debian: apt-get install busybox-static; scripts/ensure-docker.sh does), or "
          + DockerSandbox.BUSYBOX_ENV + " naming one");
    }
    return binary.toAbsolutePath().toString();
  }

  static boolean isStatic(Path binary) {
    try (InputStream in = Files.newInputStream(binary)) {
      byte[] head = in.readNBytes(64 * 1024);
      ByteBuffer elf = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
      if (head.length < 64 || elf.getInt(0) != 0x464c457f || head[4] != 2) {
        return false; // not a 64-bit ELF file
      }
      long phoff = elf.getLong(0x20);
      int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
      int phnum = Short.toUnsignedInt(elf.getShort(0x38));
      for (int i = 0; i < phnum; i++) {
        long at = phoff + (long) i * phentsize;
        if (at + 4 > head.length) {
          return false;
        }
        if (elf.getInt((int) at) == PT_INTERP) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
