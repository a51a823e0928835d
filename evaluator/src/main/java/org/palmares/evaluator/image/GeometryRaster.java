package org.palmares.evaluator.image;

import org.palmares.evaluator.scoring.image.LabelRaster;

/** A reader's raster with the geometry its header gave, checking the rows asked of it. */
abstract class GeometryRaster implements LabelRaster {
  protected final ImageGeometry geometry;

  GeometryRaster(ImageGeometry geometry) {
    this.geometry = geometry;
  }

  @Override
  public final int[] size() {
    return geometry.size();
  }

  @Override
  public final double[] spacing() {
    return geometry.spacing();
  }

  /** Fails unless rows {@code [y0, y0 + rows)} of slice {@code z} are inside the image. */
  protected final void checkRows(int z, int y0, int rows) {
    if (z < 0 || z >= geometry.depth() || y0 < 0 || rows < 0 || y0 + rows > geometry.height()) {
      throw new IndexOutOfBoundsException("rows " + y0 + "+" + rows + " of slice " + z + " outside " + geometry);
    }
  }
}
