package org.palmares.evaluator.scoring.image;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;

/**
 * A {@link LabelRaster} for tests: labels from an array or computed per pixel, recording how it is
 * read (the largest read, and whether rows came in increasing order within each slice).
 */
final class ArrayRaster implements LabelRaster {

  /** Labels of pixel (x, y) of slice z. */
  interface Labels {
    int at(int x, int y, int z);
  }

  private final int[] size;
  private final double[] spacing;
  private final Labels labels;
  int largestRead;
  boolean inOrder = true;
  private int lastZ = -1;
  private int lastRowEnd;

  ArrayRaster(int[] size, double[] spacing, Labels labels) {
    this.size = size.clone();
    this.spacing = spacing.clone();
    this.labels = labels;
  }

  /** A 2-D image from rows of digits, e.g. "0110". */
  static ArrayRaster of(double[] spacing, String... rows) {
    int[][] grid = Arrays.stream(rows).map(r -> r.chars().map(c -> c - '0').toArray())
        .toArray(int[][]::new);
    return new ArrayRaster(new int[] {rows[0].length(), rows.length, 1}, spacing,
        (x, y, z) -> grid[y][x]);
  }

  static ArrayRaster of(String... rows) {
    return of(new double[] {1, 1, 1}, rows);
  }

  /** A 2-D image of this size, labels from a function of (x, y). */
  static ArrayRaster computed(int width, int height, IntBinaryOperator labels) {
    return new ArrayRaster(new int[] {width, height, 1}, new double[] {1, 1, 1},
        (x, y, z) -> labels.applyAsInt(x, y));
  }

  @Override
  public int[] size() {
    return size.clone();
  }

  @Override
  public double[] spacing() {
    return spacing.clone();
  }

  @Override
  public void readRows(int z, int y0, int rows, int[] into) {
    if (z != lastZ) {
      lastZ = z;
      lastRowEnd = 0;
    }
    inOrder &= y0 >= lastRowEnd;
    lastRowEnd = y0 + rows;
    largestRead = Math.max(largestRead, rows * size[0]);
    for (int y = y0; y < y0 + rows; y++) {
      for (int x = 0; x < size[0]; x++) {
        into[(y - y0) * size[0] + x] = labels.at(x, y, z);
      }
    }
  }

  @Override
  public void close() {}
}
