package org.palmares.evaluator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming tar reader that holds one 512-byte block and, at most, one small extended header:
 * GNU long names and PAX headers larger than {@link #MAX_EXTENDED} are refused rather than read
 * into memory (a general-purpose reader reads them whole, whatever their size). It follows Go's
 * {@code archive/tar}, which is what the Docker engine uses: header-only types carry no content,
 * a lone zero block followed by a header is corrupt.
 */
final class TarReader {
  /** Largest PAX header or GNU long name accepted: real ones are a few hundred bytes. */
  static final int MAX_EXTENDED = 64 * 1024;
  /** Extended headers before one entry: a PAX header and long names at most, in practice. */
  static final int MAX_EXTENDED_IN_A_ROW = 16;
  private static final int BLOCK = 512;

  /** One entry's header, its extended headers applied. */
  record Header(String name, char type, long size, String linkName, int mode, long modTimeSeconds) {
    boolean isRegular() {
      return type == '0' || type == '\0' || type == '7';
    }

    boolean isDirectory() {
      return type == '5';
    }

    boolean isLink() {
      return type == '1' || type == '2';
    }

    boolean isDeviceOrFifo() {
      return type == '3' || type == '4' || type == '6';
    }
  }

  /** The stream is not a valid tar; the message says where. */
  static final class CorruptTarException extends IOException {
    CorruptTarException(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private final byte[] block = new byte[BLOCK];
  private long remaining;   // content bytes of the current entry not yet read
  private long padding;     // padding after it
  private long extendedBytes; // content of extended headers read since last asked

  TarReader(InputStream in) {
    this.in = in;
  }

  /** Bytes of extended headers (PAX, long names) read since the last call: they count as expanded bytes. */
  long takeExtendedBytes() {
    long n = extendedBytes;
    extendedBytes = 0;
    return n;
  }

  /** Whether {@code head} (at least one block) starts with a valid tar header. */
  static boolean looksLikeTar(byte[] head, int length) {
    if (length < BLOCK) {
      return false;
    }
    boolean ustar = head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r';
    return ustar && checksumMatches(head);
  }

  /** The next entry, or null at the end of the archive; skips what is left of the previous one. */
  Header next() throws IOException {
    skipRest();
    String longName = null;
    String longLink = null;
    String paxPath = null;
    String paxLink = null;
    Long paxSize = null;
    for (int extended = 0; ; extended++) {
      if (extended > MAX_EXTENDED_IN_A_ROW) {
        throw new CorruptTarException("more than " + MAX_EXTENDED_IN_A_ROW + " extended headers precede an entry");
      }
      if (!readBlock(true)) {
        return null; // end of stream at a block boundary: Go's reader takes it as the end
      }
      if (isZero(block)) {
        if (!readBlock(true) || isZero(block)) {
          return null;
        }
        throw new CorruptTarException("a zero block is followed by more data");
      }
      if (!checksumMatches(block)) {
        throw new CorruptTarException("a header's checksum does not match");
      }
      char type = (char) block[156];
      long size = number(block, 124, 12);
      if (size < 0) {
        throw new CorruptTarException("a header has a negative size");
      }
      switch (type) {
        case 'L', 'K' -> {
          String value = cString(extended(size, type == 'L' ? "long name" : "long link name"));
          if (type == 'L') {
            longName = value;
          } else {
            longLink = value;
          }
        }
        case 'x' -> {
          for (String[] record : pax(extended(size, "PAX header"))) {
            switch (record[0]) {
              case "path" -> paxPath = record[1];
              case "linkpath" -> paxLink = record[1];
              case "size" -> paxSize = parsePaxSize(record[1]);
              default -> {
                if (record[0].startsWith("GNU.sparse.")) {
                  throw new CorruptTarException("it holds a sparse file, which is not accepted");
                }
              }
            }
          }
        }
        case 'g' -> extended(size, "global PAX header"); // applies to nothing Docker reads
        case 'S' -> throw new CorruptTarException("it holds a sparse file, which is not accepted");
        default -> {
          String name = longName != null ? longName : paxPath != null ? paxPath : fullName(block);
          String link = longLink != null ? longLink : paxLink != null ? paxLink : cString(block, 157, 100);
          long contentSize = paxSize != null ? paxSize : size;
          Header h = new Header(name, type, contentSize, link, (int) number(block, 100, 8),
              number(block, 136, 12));
          boolean headerOnly = h.isLink() || h.isDirectory() || h.isDeviceOrFifo();
          long content = headerOnly ? 0 : contentSize;
          remaining = content;
          padding = (BLOCK - content % BLOCK) % BLOCK;
          return h;
        }
      }
    }
  }

  /** The current entry's content, up to its end. */
  int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new CorruptTarException("the archive ends in the middle of an entry");
    }
    remaining -= n;
    return n;
  }

  /** The current entry's content as a stream (not to be closed by readers that care). */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return TarReader.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return TarReader.this.read(b, off, len);
      }
    };
  }

  private void skipRest() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
  }

  private void skip(long n) throws IOException {
    long left = n;
    byte[] scratch = left > 0 ? new byte[(int) Math.min(left, 8192)] : null;
    while (left > 0) {
      int r = in.read(scratch, 0, (int) Math.min(left, scratch.length));
      if (r < 0) {
        throw new CorruptTarException("the archive ends in the middle of an entry");
      }
      left -= r;
    }
  }

  private byte[] extended(long size, String what) throws IOException {
    if (size > MAX_EXTENDED) {
      throw new CorruptTarException("it holds a " + what + " of " + size + " bytes (at most " + MAX_EXTENDED
          + " are accepted)");
    }
    extendedBytes += size;
    byte[] content = in.readNBytes((int) size);
    if (content.length < size) {
      throw new CorruptTarException("the archive ends in the middle of a " + what);
    }
    skip((BLOCK - size % BLOCK) % BLOCK);
    return content;
  }

  private boolean readBlock(boolean eofAllowedAtStart) throws IOException {
    int n = in.readNBytes(block, 0, BLOCK);
    if (n == 0 && eofAllowedAtStart) {
      return false;
    }
    if (n < BLOCK) {
      throw new CorruptTarException("the archive ends in the middle of a header");
    }
    return true;
  }

  private static java.util.List<String[]> pax(byte[] content) throws CorruptTarException {
    java.util.List<String[]> records = new java.util.ArrayList<>();
    int at = 0;
    while (at < content.length) {
      int space = at;
      while (space < content.length && content[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(content, at, space - at, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new CorruptTarException("a PAX header record has no valid length");
      }
      if (length <= space - at + 1 || at + length > content.length || content[at + length - 1] != '\n') {
        throw new CorruptTarException("a PAX header record has an invalid length");
      }
      String record = new String(content, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq < 0) {
        throw new CorruptTarException("a PAX header record has no '='");
      }
      records.add(new String[] {record.substring(0, eq), record.substring(eq + 1)});
      at += length;
    }
    return records;
  }

  private static long parsePaxSize(String value) throws CorruptTarException {
    try {
      long size = Long.parseLong(value);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new CorruptTarException("a PAX header gives an invalid size");
    }
  }

  private static String fullName(byte[] b) {
    String name = cString(b, 0, 100);
    boolean posix = b[257] == 'u' && b[262] == 0; // "ustar\0": the prefix field holds the name's start
    if (posix) {
      String prefix = cString(b, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static String cString(byte[] b) {
    return cString(b, 0, b.length);
  }

  private static String cString(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** An octal field, or a base-256 one (high bit set), as GNU and Go write large values. */
  private static long number(byte[] b, int offset, int length) throws CorruptTarException {
    if ((b[offset] & 0x80) != 0) {
      if ((b[offset] & 0x40) != 0) {
        return -1; // negative base-256
      }
      long value = b[offset] & 0x3f;
      for (int i = offset + 1; i < offset + length; i++) {
        if (value > (Long.MAX_VALUE >>> 8)) {
          throw new CorruptTarException("a header number is too large");
        }
        value = (value << 8) | (b[i] & 0xff);
      }
      return value;
    }
    long value = 0;
    boolean digits = false;
    for (int i = offset; i < offset + length; i++) {
      byte c = b[i];
      if (c == 0 || (c == ' ' && digits)) {
        break;
      }
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '7') {
        throw new CorruptTarException("a header holds an invalid number");
      }
      digits = true;
      value = (value << 3) | (c - '0');
    }
    return value;
  }

  private static boolean checksumMatches(byte[] b) {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte c = (i >= 148 && i < 156) ? (byte) ' ' : b[i];
      unsigned += c & 0xff;
      signed += c;
    }
    long stored;
    try {
      stored = number(b, 148, 8);
    } catch (CorruptTarException e) {
      return false;
    }
    return stored == unsigned || stored == signed;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

}
