package org.palmares.evaluator.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.palmares.evaluator.scoring.image.LabelRaster;

/**
 * Opens label images of any readable {@link ImageFormat} as {@link LabelRaster}s, their spacing in
 * the challenge's unit ({@code mm} or {@code um}): the one place a file name becomes a reader.
 * Only plain files are opened (a link a container wrote could point anywhere on our side).
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** The millimetres in one {@code unit}. */
  public static double millimetresPer(String unit) {
    return switch (unit == null ? "mm" : unit) {
      case "mm" -> 1;
      case "um" -> 0.001;
      default -> throw new IllegalArgumentException("unknown spacing unit '" + unit + "'; known: mm, um");
    };
  }

  /**
   * Opens {@code file}, read by its name's ending (PNG, TIFF, NIfTI, MetaImage).
   *
   * @param unit the spacing unit the raster reports in
   * @throws ImageFormatException when it is not a plain file or not readable as its format
   */
  public static LabelRaster open(Path file, String unit) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ImageFormatException("is not a regular file");
    }
    ImageFormat format = ImageFormat.ofFile(file);
    if (format == null) {
      throw new ImageFormatException("has a name that is not .png, .tif, .tiff, .nii, .nii.gz, .mha or .mhd");
    }
    LabelRaster raster;
    try {
      raster = switch (format) {
        case PNG, TIFF -> ImageIoRaster.open(file);
        case NIFTI -> NiftiRaster.open(file);
        case MHA -> MetaImageRaster.open(file);
        case DICOM -> throw new ImageFormatException("is a DICOM series, which this evaluator does not read");
      };
    } catch (IOException | RuntimeException e) {
      throw decoding(e);
    }
    return new InUnit(raster, 1 / millimetresPer(unit));
  }

  /**
   * A failure while a plain local file is decoded is the file's (a corrupt gzip stream, a header
   * whose numbers make no sense): it is said as such, with the kind of failure only.
   */
  private static ImageFormatException decoding(Exception e) {
    if (e instanceof ImageFormatException f) {
      return f;
    }
    return new ImageFormatException("cannot be decoded (" + e.getClass().getSimpleName() + ")");
  }

  /** The geometry of {@code file}, from its header only. */
  public static ImageGeometry geometry(Path file, String unit) throws IOException {
    try (LabelRaster raster = open(file, unit)) {
      return geometryOf(raster);
    }
  }

  /** The geometry a raster reports. */
  public static ImageGeometry geometryOf(LabelRaster raster) {
    return new ImageGeometry(raster.size(), raster.spacing());
  }

  /** A raster whose spacing is scaled from millimetres to the challenge's unit. */
  private record InUnit(LabelRaster raster, double scale) implements LabelRaster {
    @Override
    public int[] size() {
      return raster.size();
    }

    @Override
    public double[] spacing() {
      double[] mm = raster.spacing();
      double[] scaled = new double[mm.length];
      for (int i = 0; i < mm.length; i++) {
        // a file without a spacing says 1 pixel: it stays 1 in any unit
        scaled[i] = mm[i] == 1 ? 1 : mm[i] * scale;
      }
      return scaled;
    }

    @Override
    public void readRows(int z, int y0, int rows, int[] into) throws IOException {
      try {
        raster.readRows(z, y0, rows, into);
      } catch (IndexOutOfBoundsException e) {
        throw e; // the caller asked for rows outside the image: ours, not the file's
      } catch (IOException | RuntimeException e) {
        throw decoding(e);
      }
    }

    @Override
    public void close() throws IOException {
      raster.close();
    }
  }
}
