package org.palmares.evaluator.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NodeList;

/**
 * A PNG or TIFF label image through ImageIO (TwelveMonkeys' TIFF plugin for TIFF: strips, tiles,
 * BigTIFF, pyramids). Rows are read as regions ({@link ImageReadParam#setSourceRegion}), so a tiled
 * whole-slide mask is decoded tile row by tile row, never whole. Of a pyramid, the full-resolution
 * level (the widest image of the file) is read. The label of a pixel is its first band.
 */
final class ImageIoRaster extends GeometryRaster {
  private final ImageInputStream stream;
  private final ImageReader reader;
  private final int index;

  private ImageIoRaster(ImageInputStream stream, ImageReader reader, int index, ImageGeometry geometry) {
    super(geometry);
    this.stream = stream;
    this.reader = reader;
    this.index = index;
  }

  /** Opens {@code file}; its spacing in millimetres, from the file's resolution, or 1 where it has none. */
  static ImageIoRaster open(Path file) throws IOException {
    ImageInputStream stream = ImageIO.createImageInputStream(file.toFile());
    if (stream == null) {
      throw new IOException("cannot open " + file.getFileName());
    }
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        throw new ImageFormatException("is not an image ImageIO can read (PNG or TIFF)");
      }
      ImageReader reader = readers.next();
      reader.setInput(stream, false, false); // the metadata carries the resolution
      int count = reader.getNumImages(true);
      int best = 0;
      for (int i = 1; i < count; i++) {
        if (reader.getWidth(i) > reader.getWidth(best)) {
          best = i;
        }
      }
      double[] spacing = spacingMm(reader.getImageMetadata(best));
      ImageGeometry geometry = new ImageGeometry(new int[] {reader.getWidth(best), reader.getHeight(best), 1},
          new double[] {spacing[0], spacing[1], 1});
      return new ImageIoRaster(stream, reader, best, geometry);
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e instanceof ImageFormatException f ? f
          : e instanceof IOException io ? new ImageFormatException("cannot be read: " + io.getMessage())
          : new ImageFormatException("cannot be read: " + e);
    }
  }

  /** The pixel size ImageIO's standard metadata gives (millimetres), or 1 along an axis that has none. */
  private static double[] spacingMm(IIOMetadata metadata) {
    double[] spacing = {1, 1};
    if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
      return spacing;
    }
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_1.0");
    String[] names = {"HorizontalPixelSize", "VerticalPixelSize"};
    for (int i = 0; i < 2; i++) {
      NodeList nodes = root.getElementsByTagName(names[i]);
      if (nodes.getLength() > 0) {
        try {
          double value = Double.parseDouble(((IIOMetadataNode) nodes.item(0)).getAttribute("value"));
          if (value > 0 && Double.isFinite(value)) {
            spacing[i] = value;
          }
        } catch (NumberFormatException ignored) {
          // no usable resolution: 1
        }
      }
    }
    return spacing;
  }

  @Override
  public void readRows(int z, int y0, int rows, int[] into) throws IOException {
    int width = geometry.width();
    checkRows(z, y0, rows);
    if (rows == 0) {
      return;
    }
    ImageReadParam param = reader.getDefaultReadParam();
    param.setSourceRegion(new Rectangle(0, y0, width, rows));
    param.setSourceBands(new int[] {0});
    try {
      BufferedImage region;
      try {
        region = reader.read(index, param);
      } catch (IllegalArgumentException e) {
        // some readers refuse source bands on single-band images: read all bands, keep the first
        param.setSourceBands(null);
        region = reader.read(index, param);
      }
      Raster raster = region.getRaster();
      raster.getSamples(0, 0, width, rows, 0, into);
    } catch (IOException | RuntimeException e) {
      // a file the container wrote: whatever the decoder trips on is the file's fault
      throw new ImageFormatException("cannot be decoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void close() throws IOException {
    reader.dispose();
    stream.close();
  }
}
