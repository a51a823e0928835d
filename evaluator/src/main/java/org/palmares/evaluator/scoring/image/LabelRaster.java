package org.palmares.evaluator.scoring.image;

import java.io.IOException;

/**
 * A label image (a segmentation mask, truth or prediction) read in slabs of rows, so that a
 * whole-slide mask of 20,000 × 20,000 pixels is never held in memory at once.
 *
 * <p>The seam between the image readers (which know TIFF, PNG, NIfTI, MHA and DICOM) and the
 * segmentation metrics (which know Dice, surface distances and their edge cases): readers
 * implement it, metrics consume it, and neither knows the other.
 *
 * <p>Axes are x (columns), y (rows) and, for volumes, z (slices); a 2-D image has one slice.
 * Labels are non-negative integers, 0 being background.
 */
public interface LabelRaster extends AutoCloseable {

  /** Columns, rows and slices ({@code [width, height, depth]}; depth 1 for a 2-D image). */
  int[] size();

  /**
   * Physical size of one pixel along x, y and z, in the unit the challenge declares (mm for
   * scans, µm for slides); {@code [1, 1, 1]} where the file carries no spacing.
   */
  double[] spacing();

  /**
   * Reads the labels of rows {@code [y0, y0 + rows)} of slice {@code z} into {@code into},
   * row-major ({@code into[(y - y0) * width + x]}); {@code into} holds at least
   * {@code rows * width} values. Rows are read in increasing order by the metrics, so a reader
   * may stream.
   */
  void readRows(int z, int y0, int rows, int[] into) throws IOException;

  @Override
  void close() throws IOException;
}
