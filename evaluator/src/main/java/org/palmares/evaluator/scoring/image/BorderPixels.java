package org.palmares.evaluator.scoring.image;

import java.util.Arrays;

/**
 * The border pixels of one mask for one class, each as its coordinates packed into a long (21
 * bits per axis: x low, then y, then z), so a border costs 8 bytes per pixel and sorts by
 * (z, y, x). Growth is bounded: past {@code limit} pixels the list stops and says it overflowed.
 */
final class BorderPixels {

  static final int AXIS_BITS = 21;
  /** The largest image side the packing holds. */
  static final int MAX_SIDE = 1 << AXIS_BITS;
  private static final long MASK = MAX_SIDE - 1;

  private final int limit;
  private long[] packed = new long[64];
  private int size;
  private boolean overflowed;

  BorderPixels(int limit) {
    this.limit = limit;
  }

  static long pack(int x, int y, int z) {
    return ((long) z << (2 * AXIS_BITS)) | ((long) y << AXIS_BITS) | x;
  }

  static int x(long p) {
    return (int) (p & MASK);
  }

  static int y(long p) {
    return (int) ((p >>> AXIS_BITS) & MASK);
  }

  static int z(long p) {
    return (int) (p >>> (2 * AXIS_BITS));
  }

  void add(int x, int y, int z) {
    if (overflowed) {
      return;
    }
    if (size == limit) {
      overflowed = true;
      packed = new long[0];
      return;
    }
    if (size == packed.length) {
      packed = Arrays.copyOf(packed, (int) Math.min(limit, Math.max(64L, 2L * size)));
    }
    packed[size++] = pack(x, y, z);
  }

  int size() {
    return size;
  }

  boolean overflowed() {
    return overflowed;
  }

  /** The packed pixels, in insertion order (the array is the list's own, shared). */
  long[] packed() {
    return packed;
  }
}
