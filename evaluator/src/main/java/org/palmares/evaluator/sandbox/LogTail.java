package org.palmares.evaluator.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * Keeps only the last {@code capacity} bytes of a stream of log frames, so a container that
 * prints gigabytes costs us a fixed amount of memory. The tail is what helps debugging, and
 * cutting the head limits what a run on hidden data can exfiltrate through its logs.
 */
final class LogTail {
  private final byte[] ring;
  private long written;

  LogTail(int capacity) {
    this.ring = new byte[capacity];
  }

  synchronized void append(byte[] bytes) {
    for (byte b : bytes) {
      ring[(int) (written % ring.length)] = b;
      written++;
    }
  }

  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    long start = written - size;
    for (int i = 0; i < size; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (written > ring.length) {
      return "[... " + (written - ring.length) + " earlier bytes cut ...]\n" + text;
    }
    return text;
  }
}
