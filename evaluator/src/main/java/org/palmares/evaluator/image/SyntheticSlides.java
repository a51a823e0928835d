package org.palmares.evaluator.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Synthetic, histology-like tiles for the demo image challenge and the benchmarks: a pink
 * (eosin-like) tissue texture with purple (haematoxylin-like) nuclei, and lesions where the nuclei
 * crowd, enlarge and darken. The truth is exact by construction: label 1 for a nucleus outside a
 * lesion, 2 for lesion, 0 for the rest; each tile has a grade 0 to 3 from its lesion area (none,
 * under 4 %, under 10 %, more), as the four grades of a cervical-biopsy challenge. Everything is
 * deterministic from the seed. It is not medical data and looks like it only from afar.
 *
 * <p>{@code java ... SyntheticSlides <folder> <cases> <size> <seed>} writes {@code images/},
 * {@code masks/}, {@code cases.csv} and {@code grades.csv} there.
 */
public final class SyntheticSlides {
  /** Micrometres per pixel of the tiles (a 20× scan). */
  public static final double MICROMETRES_PER_PIXEL = 0.5;

  private SyntheticSlides() {}

  /**
   * One tile: its RGB image, its label mask, its lesions as an instance mask (each connected lesion
   * region its own label 1..k, 0 elsewhere: the truth of a detection phase, as CAMELYON16's
   * evaluation masks) and its grade.
   */
  public record Tile(BufferedImage image, BufferedImage mask, BufferedImage lesions, int grade) {}

  /** The tile of {@code index} for {@code seed}, {@code size} pixels square. */
  public static Tile tile(long seed, int index, int size) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    int[] labels = new int[size * size];
    // lesions: 0 to 3 blobs, each a union of discs
    int lesions = random.nextInt(4);
    List<double[]> discs = new ArrayList<>();
    for (int l = 0; l < lesions; l++) {
      double cx = random.nextDouble(size * 0.15, size * 0.85);
      double cy = random.nextDouble(size * 0.15, size * 0.85);
      double r = random.nextDouble(size * 0.03, size * 0.12);
      for (int k = 0; k < 4; k++) {
        discs.add(new double[] {cx + random.nextDouble(-r, r), cy + random.nextDouble(-r, r),
            r * random.nextDouble(0.5, 1.0)});
      }
    }
    for (double[] d : discs) {
      paintDisc(labels, size, d[0], d[1], d[2], 2, false);
    }
    // nuclei: sparse in the stroma, crowded and larger in lesions; a lesion keeps label 2
    int nuclei = size * size / 900;
    for (int n = 0; n < nuclei; n++) {
      paintDisc(labels, size, random.nextDouble(size), random.nextDouble(size), random.nextDouble(2.5, 4.5), 1, true);
    }
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    double[] phases = {random.nextDouble(6.3), random.nextDouble(6.3), random.nextDouble(6.3)};
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double texture = 0.5 + 0.25 * Math.sin(x * 0.07 + phases[0]) * Math.cos(y * 0.05 + phases[1])
            + 0.15 * Math.sin((x + y) * 0.13 + phases[2]) + 0.1 * (hash(seed, index, x, y) - 0.5);
        int label = labels[y * size + x];
        int r;
        int g;
        int b;
        if (label == 1) { // nucleus: purple
          r = 95;
          g = 60;
          b = 140;
        } else if (label == 2) { // lesion: crowded dark purple-pink
          boolean nucleus = hash(seed + 1, index, x / 3, y / 3) < 0.55;
          r = nucleus ? 80 : 170;
          g = nucleus ? 45 : 100;
          b = nucleus ? 125 : 165;
        } else { // stroma: pink
          r = 235;
          g = 170;
          b = 200;
        }
        double shade = 0.8 + 0.3 * texture;
        image.setRGB(x, y, (clamp(r * shade) << 16) | (clamp(g * shade) << 8) | clamp(b * shade));
      }
    }
    BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = mask.getRaster();
    raster.setPixels(0, 0, size, size, labels);
    long lesion = java.util.Arrays.stream(labels).filter(v -> v == 2).count();
    double fraction = lesion / (double) labels.length;
    int grade = lesion == 0 ? 0 : fraction < 0.04 ? 1 : fraction < 0.10 ? 2 : 3;
    BufferedImage instances = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    instances.getRaster().setPixels(0, 0, size, size, lesionInstances(labels, size));
    return new Tile(image, mask, instances, grade);
  }

  /**
   * The connected regions of lesion pixels (label 2, 4-connected), numbered 1, 2, ... in the order
   * their first pixel comes row by row: overlapping blobs are one lesion, as a pathologist would
   * outline them. Computed from the labels alone, so the images and masks are the same as before.
   */
  static int[] lesionInstances(int[] labels, int size) {
    int[] instances = new int[labels.length];
    int next = 0;
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
    for (int start = 0; start < labels.length; start++) {
      if (labels[start] != 2 || instances[start] != 0) {
        continue;
      }
      if (++next > 255) {
        throw new IllegalStateException("more than 255 lesions in a tile: an 8-bit instance mask cannot hold them");
      }
      instances[start] = next;
      todo.add(start);
      while (!todo.isEmpty()) {
        int at = todo.poll();
        int x = at % size;
        int y = at / size;
        int[] neighbours = {x > 0 ? at - 1 : -1, x < size - 1 ? at + 1 : -1, y > 0 ? at - size : -1,
            y < size - 1 ? at + size : -1};
        for (int n : neighbours) {
          if (n >= 0 && labels[n] == 2 && instances[n] == 0) {
            instances[n] = next;
            todo.add(n);
          }
        }
      }
    }
    return instances;
  }

  private static void paintDisc(int[] labels, int size, double cx, double cy, double r, int label, boolean keepLesion) {
    int x0 = (int) Math.max(0, Math.floor(cx - r));
    int x1 = (int) Math.min(size - 1, Math.ceil(cx + r));
    int y0 = (int) Math.max(0, Math.floor(cy - r));
    int y1 = (int) Math.min(size - 1, Math.ceil(cy + r));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double dx = x - cx;
        double dy = y - cy;
        if (dx * dx + dy * dy <= r * r && !(keepLesion && labels[y * size + x] == 2)) {
          labels[y * size + x] = label;
        }
      }
    }
  }

  /** A uniform value in [0, 1) from the coordinates: texture noise without state. */
  private static double hash(long seed, int index, int x, int y) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + x * 0x94D049BB133111EBL + y * 0x2545F4914F6CDD1DL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** Writes a PNG whose pHYs chunk says {@link #MICROMETRES_PER_PIXEL}. */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    writePng(image, file, MICROMETRES_PER_PIXEL / 1000);
  }

  /** Writes a PNG whose pHYs chunk says {@code mmPerPixel} (none when 0). */
  public static void writePng(BufferedImage image, Path file, double mmPerPixel) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    if (mmPerPixel > 0) {
      IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
      IIOMetadataNode phys = new IIOMetadataNode("pHYs");
      String perMetre = Long.toString(Math.round(1000 / mmPerPixel));
      phys.setAttribute("pixelsPerUnitXAxis", perMetre);
      phys.setAttribute("pixelsPerUnitYAxis", perMetre);
      phys.setAttribute("unitSpecifier", "meter");
      root.appendChild(phys);
      metadata.mergeTree("javax_imageio_png_1.0", root);
    }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
  }

  /**
   * Writes {@code cases} tiles (ids {@code prefix-001}...) with their masks, lesion instance masks,
   * case list and grades into {@code folder}.
   */
  public static void writeSet(Path folder, String prefix, int cases, int size, long seed) throws IOException {
    Path images = Files.createDirectories(folder.resolve("images"));
    Path masks = Files.createDirectories(folder.resolve("masks"));
    Path lesions = Files.createDirectories(folder.resolve("lesions"));
    StringBuilder list = new StringBuilder("case\n");
    StringBuilder grades = new StringBuilder("case,grade\n");
    for (int i = 1; i <= cases; i++) {
      String id = String.format(Locale.ROOT, "%s-%03d", prefix, i);
      Tile t = tile(seed, i, size);
      writePng(t.image(), images.resolve(id + ".png"));
      writePng(t.mask(), masks.resolve(id + ".png"));
      writePng(t.lesions(), lesions.resolve(id + ".png"));
      list.append(id).append('\n');
      grades.append(id).append(",g").append(t.grade()).append('\n');
    }
    Files.writeString(folder.resolve("cases.csv"), list);
    Files.writeString(folder.resolve("grades.csv"), grades);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: SyntheticSlides <folder> <case-id-prefix> <cases> <size> <seed>");
      System.exit(2);
    }
    writeSet(Path.of(args[0]), args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
  }
}
