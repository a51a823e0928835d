package org.palmares.evaluator.protocol;

/**
 * Caps on what a submitted image expands to, checked while its archive is streamed (on upload by
 * the platform, and again by the evaluator as it loads it: a remote site does not trust the
 * platform). Layers count decompressed; entries count the archive's and its layers' files.
 *
 * @param maxUncompressedBytes the image's total size once every layer is decompressed
 * @param maxLayerBytes        the largest layer, decompressed
 * @param maxEntries           entries of the archive plus entries (files, folders, links) of its layers
 */
public record ImageLimits(long maxUncompressedBytes, long maxLayerBytes, long maxEntries) {
  /** The defaults of a phase that sets none: room for a CUDA-sized image, not for a bomb. */
  public static final ImageLimits DEFAULT = ofMiB(10 * 1024, 5 * 1024, 500_000);

  public ImageLimits {
    if (maxUncompressedBytes <= 0 || maxLayerBytes <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("image limits must be positive: " + maxUncompressedBytes + " B, "
          + maxLayerBytes + " B per layer, " + maxEntries + " entries");
    }
  }

  /** Limits given in MiB, as a challenge bundle states them. */
  public static ImageLimits ofMiB(long uncompressedMiB, long layerMiB, long entries) {
    return new ImageLimits(uncompressedMiB << 20, layerMiB << 20, entries);
  }
}
