package org.palmares.evaluator.sandbox;

import java.nio.file.Path;

/**
 * Inspects one archive and prints the outcome; run in a forked JVM with a small heap by
 * {@link ImageArchiveMemoryTest}, so an inspection that holds the archive in memory dies of it.
 */
public final class InspectInSmallHeap {
  private InspectInSmallHeap() {}

  public static void main(String[] args) throws Exception {
    try {
      ImageArchive.Manifest m = ImageArchive.inspect(Path.of(args[0]));
      System.out.println("ACCEPTED " + m.imageId());
    } catch (ImageArchive.InvalidImageArchiveException e) {
      System.out.println("REFUSED " + e.getMessage());
    } catch (OutOfMemoryError e) {
      System.out.println("OUT OF MEMORY");
      System.exit(3);
    }
  }
}
