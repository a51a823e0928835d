package org.palmares.evaluator.scoring.image;

import java.util.Arrays;

/**
 * Where an object is, in pixel coordinates of its image (x along columns, y along rows, z along
 * slices; the centre of pixel (i, j) is at (i, j)): a point, or an axis-aligned box given by its
 * lowest and highest corners ({@code [x0, y0, x1, y1]} in 2-D, {@code [x0, y0, z0, x1, y1, z1]}
 * in 3-D).
 *
 * @param point the point's coordinates (2 or 3), or null for a box
 * @param box   the box's corners (4 or 6, low corner first), or null for a point
 */
public record Location(double[] point, double[] box) {

  public Location {
    if ((point == null) == (box == null)) {
      throw new IllegalArgumentException("a location is a point or a box");
    }
    point = point == null ? null : point.clone();
    box = box == null ? null : box.clone();
  }

  public static Location point(double... coordinates) {
    return new Location(coordinates, null);
  }

  public static Location box(double... corners) {
    return new Location(null, corners);
  }

  public boolean isBox() {
    return box != null;
  }

  /** 2 or 3. */
  public int dims() {
    return point != null ? point.length : box.length / 2;
  }

  /** The point, or the centre of the box. */
  public double[] centre() {
    if (point != null) {
      return point.clone();
    }
    int d = dims();
    double[] c = new double[d];
    for (int a = 0; a < d; a++) {
      c[a] = (box[a] + box[a + d]) / 2;
    }
    return c;
  }

  /** Whether a point lies in this box, bounds included. */
  boolean contains(double[] p) {
    int d = dims();
    for (int a = 0; a < d; a++) {
      if (p[a] < box[a] || p[a] > box[a + d]) {
        return false;
      }
    }
    return true;
  }

  /** Intersection over union of two boxes (volumes in pixel units: IoU does not depend on spacing). */
  double iou(Location other) {
    int d = dims();
    double intersection = 1;
    double mine = 1;
    double theirs = 1;
    for (int a = 0; a < d; a++) {
      intersection *= Math.max(0, Math.min(box[a + d], other.box[a + d])
          - Math.max(box[a], other.box[a]));
      mine *= box[a + d] - box[a];
      theirs *= other.box[a + d] - other.box[a];
    }
    double union = mine + theirs - intersection;
    return union > 0 ? intersection / union : 0;
  }

  /** Euclidean distance between centres in physical units. */
  double centreDistance(Location other, double[] spacing) {
    double[] a = centre();
    double[] b = other.centre();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (a[i] - b[i]) * spacing[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Location l && Arrays.equals(point, l.point) && Arrays.equals(box, l.box);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(point) + Arrays.hashCode(box);
  }

  @Override
  public String toString() {
    return point != null ? "point " + Arrays.toString(point) : "box " + Arrays.toString(box);
  }
}
