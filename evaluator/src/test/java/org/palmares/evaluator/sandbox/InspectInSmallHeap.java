package org.palmares.evaluator.sandbox;

import java.nio.file.Path;
import org.palmares.evaluator.protocol.ImageLimits;

/**
 * Inspects one archive and prints the outcome; run in a forked JVM with a small heap by
 * {@link ImageArchiveMemoryTest}, so an inspection that holds the archive in memory dies of it.
 * Arguments: the archive, then optionally the limits (uncompressed MiB, layer MiB, entries).
 */
public final class InspectInSmallHeap {
  private InspectInSmallHeap() {}

  public static void main(String[] args) throws Exception {
    ImageLimits limits = args.length == 4 ? ImageLimits.ofMiB(Long.parseLong(args[1]), Long.parseLong(args[2]),
        Long.parseLong(args[3])) : ImageLimits.DEFAULT;
    long t0 = System.nanoTime();
    try {
      ImageArchive.Manifest m = ImageArchive.inspect(Path.of(args[0]), limits);
      System.out.println("ACCEPTED " + m.imageId());
    } catch (ImageArchive.InvalidImageArchiveException e) {
      System.out.println("REFUSED " + e.getMessage());
    } catch (OutOfMemoryError e) {
      System.out.println("OUT OF MEMORY");
      System.exit(3);
    }
    System.out.printf("inspected in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
