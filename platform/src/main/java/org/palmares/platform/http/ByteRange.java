package org.palmares.platform.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range of a {@code Range} request header (RFC 9110 §14), as an evaluator asks for
 * the rest of a cut image download: {@code bytes=N-}, {@code bytes=N-M} or {@code bytes=-K} (the
 * last K). Several ranges, or another unit, are answered with the whole file, as the RFC allows.
 *
 * @param start first byte
 * @param end   last byte, inclusive
 * @param size  the file's size
 */
record ByteRange(long start, long end, long size) {
  private static final Pattern ONE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  /** The range asked for, or null when the whole file is to be sent. */
  static ByteRange of(String header, long size) {
    if (header == null) {
      return null;
    }
    Matcher m = ONE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    if (m.group(1).isEmpty()) { // a suffix: the last K bytes
      long last = Long.parseLong(m.group(2));
      return last == 0 ? new ByteRange(size, size - 1, size) : new ByteRange(Math.max(0, size - last), size - 1, size);
    }
    long start = Long.parseLong(m.group(1));
    long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
      return null; // not a valid range: ignored, the whole file is sent
    }
    return new ByteRange(start, end, size);
  }

  /** Whether any byte of the file is in it (else 416). */
  boolean satisfiable() {
    return start < size && start <= end;
  }

  long length() {
    return end - start + 1;
  }

  /** The {@code Content-Range} of a 206 answer. */
  String contentRange() {
    return "bytes " + start + "-" + end + "/" + size;
  }
}
