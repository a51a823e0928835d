package org.palmares.evaluator.scoring.image;

import java.io.IOException;
import java.util.Arrays;

/**
 * Dice, normalised surface distance and 95th-percentile Hausdorff distance per class, from a
 * truth and a prediction {@link LabelRaster}, in one streaming pass over both (definitions and
 * conventions in {@link SegmentationMetric}, edge cases in {@link EdgeCases}).
 *
 * <p>Memory is bounded by the borders, not the image. The pass holds a window of three planes of
 * each mask (three rows of a 2-D image, three slices of a volume) and a slab buffer of about
 * 1 Mi pixels for 2-D reads, so a 20,000 × 20,000 slide costs 6 rows plus 2 slabs of ints (about
 * 9 MB) besides its borders. Dice is counted per plane; border pixels are detected in the window
 * (erosion needs only the neighbouring planes) and kept, 8 bytes each, packed; the distances from
 * each border to the other are then exact nearest-neighbour queries in an in-place k-d tree
 * ({@link BorderIndex}), 8 more bytes per border pixel for the HD95 percentile. With B border
 * pixels in all (both masks, every class), the total is about 8 B bytes, plus 8 bytes per border
 * pixel of the two masks of the class being measured; each mask's border for a class is capped by
 * {@link SegmentationSettings#maxBorderPixels()}. The {@code aTwentyThousandPixelSquareSlide…}
 * test scores two 20,000 × 20,000 masks within a 32 MiB heap.
 */
public final class SegmentationMetrics {

  /** Pixels per slab read from a 2-D raster. */
  private static final int SLAB_PIXELS = 1 << 20;

  private SegmentationMetrics() {}

  /**
   * The metrics of one case.
   *
   * @throws MaskMismatchException if the two rasters do not have the same size
   * @throws IOException           if a raster cannot be read
   * @throws IllegalStateException if the truth's border for a class exceeds the declared bound
   */
  public static SegmentationCase score(LabelRaster truth, LabelRaster prediction,
      SegmentationSettings settings) throws IOException {
    int[] size = truth.size();
    int[] predicted = prediction.size();
    if (!Arrays.equals(size, predicted)) {
      throw new MaskMismatchException("the mask is " + describe(predicted) + ", the image is "
          + describe(size));
    }
    double[] spacing = truth.spacing();
    check(size, spacing);
    int[] classes = settings.classes();
    Pass pass = new Pass(size, classes, settings.maxBorderPixels());
    pass.run(truth, prediction);

    EdgeCases edge = settings.edgeCases();
    double worstHd = edge.hausdorffWorst(size, spacing);
    int dims = size[2] > 1 ? 3 : 2;
    double[][] values = new double[classes.length][3];
    int tooComplex = 0;
    for (int c = 0; c < classes.length; c++) {
      double[] v = values[c];
      long inTruth = pass.truthCount[c];
      long inPrediction = pass.predictedCount[c];
      if (inTruth == 0 && inPrediction == 0) {
        boolean best = edge.bothEmpty() == EdgeCases.BothEmpty.BEST;
        v[0] = best ? 1 : Double.NaN;
        v[1] = best ? 1 : Double.NaN;
        v[2] = best ? 0 : Double.NaN;
        continue;
      }
      v[0] = 2.0 * pass.overlap[c] / (inTruth + inPrediction);
      if (inTruth == 0 || inPrediction == 0) {
        v[1] = 0;
        v[2] = worstHd;
        continue;
      }
      BorderPixels truthBorder = pass.truthBorders[c];
      BorderPixels predictedBorder = pass.predictedBorders[c];
      if (truthBorder.overflowed()) {
        throw new IllegalStateException("the truth mask's border for class " + classes[c]
            + " has more than " + settings.maxBorderPixels() + " pixels; raise maxBorderPixels");
      }
      if (predictedBorder.overflowed()) {
        v[1] = 0;
        v[2] = worstHd;
        tooComplex++;
        continue;
      }
      Distances toTruth = Distances.between(predictedBorder, truthBorder, dims, spacing);
      Distances toPrediction = Distances.between(truthBorder, predictedBorder, dims, spacing);
      double tau = settings.nsdTolerance();
      v[1] = (double) (toTruth.within(tau) + toPrediction.within(tau))
          / (truthBorder.size() + predictedBorder.size());
      v[2] = Math.min(worstHd, Math.max(toTruth.percentile(95), toPrediction.percentile(95)));
      // The borders are no longer needed: let the next class reuse the memory.
      pass.truthBorders[c] = null;
      pass.predictedBorders[c] = null;
    }
    return new SegmentationCase(classes, values, edge, worstHd, tooComplex);
  }

  /**
   * The scores of a case the submission wrote no mask for: the worst values (Dice 0, NSD 0, HD95
   * the declared worst, or the diagonal of the truth's image), whatever the truth holds.
   */
  public static SegmentationCase missing(int[] size, double[] spacing,
      SegmentationSettings settings) {
    check(size, spacing);
    int[] classes = settings.classes();
    double worstHd = settings.edgeCases().hausdorffWorst(size, spacing);
    double[][] values = new double[classes.length][];
    for (int c = 0; c < classes.length; c++) {
      values[c] = new double[] {0, 0, worstHd};
    }
    return new SegmentationCase(classes, values, settings.edgeCases(), worstHd, 0);
  }

  private static void check(int[] size, double[] spacing) {
    if (size.length != 3 || spacing.length != 3) {
      throw new IllegalArgumentException("a raster has 3 sizes and 3 spacings");
    }
    for (int axis = 0; axis < 3; axis++) {
      if (size[axis] < 1 || size[axis] >= BorderPixels.MAX_SIDE) {
        throw new IllegalArgumentException("an image side must be from 1 to "
            + (BorderPixels.MAX_SIDE - 1) + " pixels: " + describe(size));
      }
      if (!(spacing[axis] > 0 && Double.isFinite(spacing[axis]))) {
        throw new IllegalArgumentException("a pixel spacing must be a positive number: "
            + Arrays.toString(spacing));
      }
    }
  }

  static String describe(int[] size) {
    return size[2] > 1 ? size[0] + "×" + size[1] + "×" + size[2] : size[0] + "×" + size[1];
  }

  /** The distances from each pixel of one border to the nearest pixel of another. */
  private record Distances(double[] sorted) {

    static Distances between(BorderPixels from, BorderPixels to, int dims, double[] spacing) {
      BorderIndex index = new BorderIndex(to.packed(), to.size(), dims, spacing);
      long[] points = from.packed();
      double[] d = new double[from.size()];
      for (int i = 0; i < d.length; i++) {
        long p = points[i];
        d[i] = index.distance(BorderPixels.x(p), BorderPixels.y(p), BorderPixels.z(p));
      }
      Arrays.sort(d);
      return new Distances(d);
    }

    long within(double tau) {
      // The count of distances <= tau in a sorted array: the first index above tau.
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] <= tau) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** numpy's default (linear) percentile: between order statistics floor(h) and ceil(h), h = (n - 1) q / 100. */
    double percentile(double q) {
      double h = (sorted.length - 1) * q / 100;
      int low = (int) Math.floor(h);
      int high = Math.min(low + 1, sorted.length - 1);
      return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }
  }

  /**
   * The single pass over both rasters: per class, the pixel counts and overlap, and the border
   * pixels of each mask.
   */
  private static final class Pass {
    final int width;
    final int height;
    final int depth;
    final int[] classIndex;
    final long[] truthCount;
    final long[] predictedCount;
    final long[] overlap;
    final BorderPixels[] truthBorders;
    final BorderPixels[] predictedBorders;

    Pass(int[] size, int[] classes, int maxBorder) {
      width = size[0];
      height = size[1];
      depth = size[2];
      int max = Arrays.stream(classes).max().orElseThrow();
      classIndex = new int[max + 1];
      Arrays.fill(classIndex, -1);
      for (int c = 0; c < classes.length; c++) {
        classIndex[classes[c]] = c;
      }
      truthCount = new long[classes.length];
      predictedCount = new long[classes.length];
      overlap = new long[classes.length];
      truthBorders = new BorderPixels[classes.length];
      predictedBorders = new BorderPixels[classes.length];
      for (int c = 0; c < classes.length; c++) {
        truthBorders[c] = new BorderPixels(maxBorder);
        predictedBorders[c] = new BorderPixels(maxBorder);
      }
    }

    int classOf(int label) {
      return label >= 0 && label < classIndex.length ? classIndex[label] : -1;
    }

    void run(LabelRaster truth, LabelRaster prediction) throws IOException {
      boolean volume = depth > 1;
      // A plane is a row of a 2-D image, a slice of a volume: erosion looks one plane away.
      int planes = volume ? depth : height;
      int planeLength = volume ? width * height : width;
      Planes truthPlanes = new Planes(truth, volume, width, height, planeLength);
      Planes predictedPlanes = new Planes(prediction, volume, width, height, planeLength);
      int[][] t = new int[3][planeLength];
      int[][] p = new int[3][planeLength];
      truthPlanes.next(t[1]);
      predictedPlanes.next(p[1]);
      if (planes > 1) {
        truthPlanes.next(t[2]);
        predictedPlanes.next(p[2]);
      }
      for (int plane = 0; plane < planes; plane++) {
        boolean first = plane == 0;
        boolean last = plane == planes - 1;
        scan(plane, first ? null : t[0], t[1], last ? null : t[2], truthCount, truthBorders,
            volume);
        scan(plane, first ? null : p[0], p[1], last ? null : p[2], predictedCount,
            predictedBorders, volume);
        countOverlap(t[1], p[1]);
        int[] recycled = t[0];
        t[0] = t[1];
        t[1] = t[2];
        t[2] = recycled;
        recycled = p[0];
        p[0] = p[1];
        p[1] = p[2];
        p[2] = recycled;
        if (plane + 2 < planes) {
          truthPlanes.next(t[2]);
          predictedPlanes.next(p[2]);
        }
      }
    }

    private void countOverlap(int[] truth, int[] predicted) {
      for (int i = 0; i < truth.length; i++) {
        int c = classOf(truth[i]);
        if (c >= 0 && truth[i] == predicted[i]) {
          overlap[c]++;
        }
      }
    }

    /** Counts a plane's pixels per class and records those on their class's border. */
    private void scan(int plane, int[] before, int[] here, int[] after, long[] counts,
        BorderPixels[] borders, boolean volume) {
      for (int i = 0; i < here.length; i++) {
        int label = here[i];
        int c = classOf(label);
        if (c < 0) {
          continue;
        }
        counts[c]++;
        int x = volume ? i % width : i;
        int y = volume ? i / width : plane;
        boolean border = x == 0 || x == width - 1 || here[i - 1] != label
            || here[i + 1] != label
            || before == null || before[i] != label || after == null || after[i] != label;
        if (!border && volume) {
          border = y == 0 || y == height - 1 || here[i - width] != label
              || here[i + width] != label;
        }
        if (border) {
          borders[c].add(x, y, volume ? plane : 0);
        }
      }
    }
  }

  /** A raster's planes in order: 2-D rows read by slabs, or whole slices of a volume. */
  private static final class Planes {
    private final LabelRaster raster;
    private final boolean volume;
    private final int width;
    private final int height;
    private final int[] slab;
    private final int slabRows;
    private int next;
    private int slabStart;
    private int slabLoaded;

    Planes(LabelRaster raster, boolean volume, int width, int height, int planeLength) {
      this.raster = raster;
      this.volume = volume;
      this.width = width;
      this.height = height;
      this.slabRows = volume ? 0 : Math.max(1, Math.min(height, SLAB_PIXELS / width));
      this.slab = volume ? null : new int[slabRows * width];
    }

    void next(int[] into) throws IOException {
      if (volume) {
        raster.readRows(next++, 0, height, into);
        return;
      }
      if (next >= slabStart + slabLoaded) {
        slabStart = next;
        slabLoaded = Math.min(slabRows, height - next);
        raster.readRows(0, slabStart, slabLoaded, slab);
      }
      System.arraycopy(slab, (next - slabStart) * width, into, 0, width);
      next++;
    }
  }
}
