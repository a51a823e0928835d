package org.palmares.evaluator.scoring.image;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The lesions of an instance mask (each lesion its own label > 0) and the lesion under each
 * detection, found in one pass over the mask in slabs of rows, so a slide's mask is never held
 * whole: memory is one slab, the set of lesion labels and the detections.
 *
 * <p>A detection's pixel is the one whose centre is nearest its point (or box centre):
 * {@code floor(c + 0.5)} along each axis, clamped into the image.
 */
final class LesionMask {

  private static final int SLAB_PIXELS = 1 << 20;

  private final int lesions;
  private final int[] lesionOf;

  private LesionMask(int lesions, int[] lesionOf) {
    this.lesions = lesions;
    this.lesionOf = lesionOf;
  }

  /** The number of lesions: the distinct positive labels of the mask. */
  int lesions() {
    return lesions;
  }

  /** The index (in increasing label order) of the lesion under detection i, or -1. */
  int lesionOf(int detection) {
    return lesionOf[detection];
  }

  static LesionMask read(LabelRaster mask, List<Detection> detections) throws IOException {
    int[] size = mask.size();
    int width = size[0];
    int height = size[1];
    int n = detections.size();
    int[][] pixel = new int[n][];
    for (int i = 0; i < n; i++) {
      double[] c = detections.get(i).location().centre();
      int[] p = new int[3];
      for (int axis = 0; axis < c.length; axis++) {
        p[axis] = (int) Math.max(0, Math.min(size[axis] - 1, Math.floor(c[axis] + 0.5)));
      }
      pixel[i] = p;
    }
    // Detections in reading order (slice, then row), so each is looked up as its row passes.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> pixel[i][2])
        .thenComparingInt(i -> pixel[i][1]));
    int[] labelUnder = new int[n];
    TreeSet<Integer> labels = new TreeSet<>();
    int rowsPerSlab = Math.max(1, Math.min(height, SLAB_PIXELS / width));
    int[] slab = new int[rowsPerSlab * width];
    int next = 0;
    for (int z = 0; z < size[2]; z++) {
      for (int y0 = 0; y0 < height; y0 += rowsPerSlab) {
        int rows = Math.min(rowsPerSlab, height - y0);
        mask.readRows(z, y0, rows, slab);
        int last = 0;
        for (int k = 0; k < rows * width; k++) {
          int v = slab[k];
          if (v != last && v > 0) {
            labels.add(v);
          }
          last = v;
        }
        while (next < n && pixel[order[next]][2] == z && pixel[order[next]][1] < y0 + rows) {
          int[] p = pixel[order[next]];
          labelUnder[order[next]] = slab[(p[1] - y0) * width + p[0]];
          next++;
        }
      }
    }
    Map<Integer, Integer> index = new HashMap<>();
    for (int label : labels) {
      index.put(label, index.size());
    }
    int[] lesionOf = new int[n];
    for (int i = 0; i < n; i++) {
      lesionOf[i] = labelUnder[i] > 0 ? index.get(labelUnder[i]) : -1;
    }
    return new LesionMask(labels.size(), lesionOf);
  }
}
