package org.palmares.evaluator.scoring.image;

/**
 * Nearest-neighbour distances to a set of border pixels, in physical units: an implicit k-d tree
 * built in place in the border's own array of packed coordinates (no node objects, no copy), so
 * the index costs nothing beyond the 8 bytes per pixel already held. Nodes split at the median
 * along x, y (and z) in turn; a query visits the near side first and the far side only when the
 * splitting plane is closer than the best distance found, which makes it exact.
 *
 * <p>We wrote it rather than take a library one because the k-d trees of the Java ecosystem
 * (Smile's, JavaML's) hold one object and one double[] per point, 5 to 8 times the memory, and
 * a slide's border can hold millions of pixels.
 */
final class BorderIndex {

  private static final int LEAF = 8;

  private final long[] points;
  private final int size;
  private final int dims;
  private final double[] scale;

  /**
   * Builds the index over the first {@code size} pixels of {@code points}, reordering them.
   *
   * @param dims    2 for an image, 3 for a volume
   * @param spacing physical size of a pixel along x, y, z
   */
  BorderIndex(long[] points, int size, int dims, double[] spacing) {
    this.points = points;
    this.size = size;
    this.dims = dims;
    this.scale = spacing.clone();
    build(0, size, 0);
  }

  private static int coordinate(long p, int axis) {
    return switch (axis) {
      case 0 -> BorderPixels.x(p);
      case 1 -> BorderPixels.y(p);
      default -> BorderPixels.z(p);
    };
  }

  private void build(int lo, int hi, int depth) {
    while (hi - lo > LEAF) {
      int axis = depth % dims;
      int mid = (lo + hi) >>> 1;
      select(lo, hi - 1, mid, axis);
      build(lo, mid, depth + 1);
      lo = mid + 1;
      depth++;
    }
  }

  /** Reorders [lo, hi] so that position k holds its order statistic along the axis (Hoare). */
  private void select(int lo, int hi, int k, int axis) {
    while (hi > lo) {
      int pivot = coordinate(points[(lo + hi) >>> 1], axis);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (coordinate(points[i], axis) < pivot) {
          i++;
        }
        while (coordinate(points[j], axis) > pivot) {
          j--;
        }
        if (i <= j) {
          long t = points[i];
          points[i] = points[j];
          points[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  /** The physical distance from pixel (x, y, z) to the nearest pixel of the set (non-empty). */
  double distance(int x, int y, int z) {
    return Math.sqrt(nearest(0, size, 0, x, y, z, Double.POSITIVE_INFINITY));
  }

  private double squared(long p, int x, int y, int z) {
    double dx = (BorderPixels.x(p) - x) * scale[0];
    double dy = (BorderPixels.y(p) - y) * scale[1];
    double dz = dims == 3 ? (BorderPixels.z(p) - z) * scale[2] : 0;
    return dx * dx + dy * dy + dz * dz;
  }

  private double nearest(int lo, int hi, int depth, int x, int y, int z, double best) {
    if (hi - lo <= LEAF) {
      for (int i = lo; i < hi; i++) {
        best = Math.min(best, squared(points[i], x, y, z));
      }
      return best;
    }
    int axis = depth % dims;
    int mid = (lo + hi) >>> 1;
    long median = points[mid];
    best = Math.min(best, squared(median, x, y, z));
    int query = axis == 0 ? x : axis == 1 ? y : z;
    double gap = (query - coordinate(median, axis)) * scale[axis];
    if (gap < 0) {
      best = nearest(lo, mid, depth + 1, x, y, z, best);
      if (gap * gap < best) {
        best = nearest(mid + 1, hi, depth + 1, x, y, z, best);
      }
    } else {
      best = nearest(mid + 1, hi, depth + 1, x, y, z, best);
      if (gap * gap < best) {
        best = nearest(lo, mid, depth + 1, x, y, z, best);
      }
    }
    return best;
  }
}
