package org.palmares.evaluator.image;

import java.io.IOException;

/**
 * A label image whose voxels come from a {@link VoxelStream} (NIfTI, MetaImage), with the geometry
 * its header gave: the one place such a raster checks the rows asked of it.
 */
final class VoxelRaster extends GeometryRaster {
  private final VoxelStream voxels;

  VoxelRaster(ImageGeometry geometry, VoxelStream voxels) {
    super(geometry);
    this.voxels = voxels;
  }

  @Override
  public void readRows(int z, int y0, int rows, int[] into) throws IOException {
    checkRows(z, y0, rows);
    voxels.readRows(z, y0, rows, into);
  }

  @Override
  public void close() throws IOException {
    voxels.close();
  }
}
