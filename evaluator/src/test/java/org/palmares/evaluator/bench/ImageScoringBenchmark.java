package org.palmares.evaluator.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.palmares.evaluator.image.ImageFiles;
import org.palmares.evaluator.image.SyntheticSlides;
import org.palmares.evaluator.scoring.image.EdgeCases;
import org.palmares.evaluator.scoring.image.LabelRaster;
import org.palmares.evaluator.scoring.image.SegmentationCase;
import org.palmares.evaluator.scoring.image.SegmentationMetric;
import org.palmares.evaluator.scoring.image.SegmentationMetrics;
import org.palmares.evaluator.scoring.image.SegmentationSettings;

/**
 * Segmentation scoring throughput and peak memory (scripts/image-benchmark.sh): this evaluator's
 * readers and metrics, case by case, on folders of truth and predicted masks.
 *
 * <pre>
 *   prepare-demo &lt;dir&gt;      predictions for the demo's 24 hidden tiles (tiles of another seed)
 *   prepare-slide &lt;dir&gt; &lt;n&gt;  an n × n synthetic slide: truth and prediction as raw NIfTI-1 (uint8)
 *   score &lt;truth&gt; &lt;pred&gt; &lt;tolerance&gt;   one JSON line: cases, seconds, MB, Dice/NSD/HD95 means, peak RSS
 * </pre>
 */
public final class ImageScoringBenchmark {
  private ImageScoringBenchmark() {}

  public static void main(String[] args) throws IOException {
    switch (args[0]) {
      case "prepare-demo" -> prepareDemo(Path.of(args[1]));
      case "prepare-slide" -> prepareSlide(Path.of(args[1]), Integer.parseInt(args[2]));
      case "score" -> score(Path.of(args[1]), Path.of(args[2]), Double.parseDouble(args[3]));
      default -> throw new IllegalArgumentException("prepare-demo | prepare-slide | score");
    }
  }

  private static void prepareDemo(Path dir) throws IOException {
    Path truth = Files.createDirectories(dir.resolve("truth"));
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Path hidden = Path.of("../challenges/histology-lesions/hidden/test/masks");
    try (Stream<Path> files = Files.list(hidden)) {
      for (Path f : files.sorted().toList()) {
        Files.copy(f, truth.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int index = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
        // the tile's truth shifted by 2 pixels, with another seed's lesions: a plausible, imperfect prediction
        SyntheticSlides.Tile other = SyntheticSlides.tile(99, index, 256);
        java.awt.image.BufferedImage mask = SyntheticSlides.tile(20261203, index, 256).mask();
        java.awt.image.BufferedImage shifted = new java.awt.image.BufferedImage(256, 256,
            java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 256; y++) {
          for (int x = 0; x < 256; x++) {
            int v = x >= 2 ? mask.getRaster().getSample(x - 2, y, 0) : 0;
            if (v == 0 && other.mask().getRaster().getSample(x, y, 0) == 2) {
              v = 2;
            }
            shifted.getRaster().setSample(x, y, 0, v);
          }
        }
        SyntheticSlides.writePng(shifted, pred.resolve(f.getFileName()));
      }
    }
  }

  /** Lesions: discs of radius 300 on a 2000-pixel grid; nuclei: discs of radius 5 on a jittered 100-pixel grid. */
  static int slideLabel(int x, int y, int shift) {
    int gx = Math.floorMod(x + shift, 2000) - 1000;
    int gy = Math.floorMod(y, 2000) - 1000;
    if (gx * gx + gy * gy <= 300 * 300) {
      return 2;
    }
    int cx = Math.floorMod(x + shift, 100) - 50 - (int) ((((x + shift) / 100) * 7919L + (y / 100) * 104729L) % 20 - 10);
    int cy = Math.floorMod(y, 100) - 50;
    return cx * cx + cy * cy <= 25 ? 1 : 0;
  }

  private static void prepareSlide(Path dir, int n) throws IOException {
    Files.createDirectories(dir.resolve("truth"));
    Files.createDirectories(dir.resolve("pred"));
    writeNifti(dir.resolve("truth/slide.nii"), n, 0);
    writeNifti(dir.resolve("pred/slide.nii"), n, 3);
  }

  private static void writeNifti(Path file, int n, int shift) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, 348).putShort(40, (short) 2).putShort(42, (short) n).putShort(44, (short) n).putShort(46, (short) 1);
    // dim[] holds shorts: a 20,000-pixel side fits (max 32,767)
    h.putShort(70, (short) 2).putShort(72, (short) 8);
    h.putFloat(80, 0.0005f).putFloat(84, 0.0005f).putFloat(88, 1f); // 0.5 µm, in mm
    h.putFloat(108, 352).put(123, (byte) 2);
    h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(h.array());
      byte[] row = new byte[n];
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          row[x] = (byte) slideLabel(x, y, shift);
        }
        out.write(row);
      }
    }
  }

  private static void score(Path truthDir, Path predDir, double tolerance) throws IOException {
    List<Path> cases;
    try (Stream<Path> files = Files.list(truthDir)) {
      cases = files.sorted().toList();
    }
    SegmentationSettings settings = new SegmentationSettings(new int[] {1, 2}, tolerance, EdgeCases.METRICS_RELOADED);
    long started = System.nanoTime();
    double bytes = 0;
    double dice = 0;
    double nsd = 0;
    double hd95 = 0;
    for (Path truth : cases) {
      try (LabelRaster t = ImageFiles.open(truth, "um");
           LabelRaster p = ImageFiles.open(predDir.resolve(truth.getFileName()), "um")) {
        SegmentationCase c = SegmentationMetrics.score(t, p, settings);
        int[] size = t.size();
        bytes += 2.0 * size[0] * size[1] * size[2]; // label pixels decoded, both masks, one byte each
        dice += c.overClasses(SegmentationMetric.DICE);
        nsd += c.overClasses(SegmentationMetric.NSD);
        hd95 += c.overClasses(SegmentationMetric.HD95);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int n = cases.size();
    System.out.printf(Locale.ROOT, "{\"impl\": \"palmares\", \"cases\": %d, \"seconds\": %.3f, \"cases_per_s\": %.2f,"
        + " \"mb_per_s\": %.1f, \"dice\": %.4f, \"nsd\": %.4f, \"hd95\": %.3f, \"peak_rss_mib\": %d}%n", n, seconds,
        n / seconds, bytes / 1e6 / seconds, dice / n, nsd / n, hd95 / n, peakRssMiB());
  }

  private static long peakRssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
