package org.palmares.evaluator.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes label images for the tests: PNG and TIFF through ImageIO, NIfTI-1 and MetaImage byte by byte. */
public final class LabelImages {
  private LabelImages() {}

  /** A label at (x, y): a pattern in which every row and column differs. */
  public static int label(int x, int y) {
    return (x * 7 + y * 13) % 5;
  }

  public static BufferedImage gray(int width, int height, java.util.function.IntBinaryOperator labels) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    var raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, labels.applyAsInt(x, y));
      }
    }
    return image;
  }

  /** A PNG whose pHYs says {@code mmPerPixel} (0: none). */
  public static Path png(Path file, BufferedImage image, double mmPerPixel) throws IOException {
    SyntheticSlides.writePng(image, file, mmPerPixel);
    return file;
  }

  /** A tiled TIFF holding {@code levels} in order (a pyramid when several), tiles of {@code tile} pixels. */
  public static Path tiledTiff(Path file, int tile, BufferedImage... levels) throws IOException {
    ImageWriter writer = null;
    for (var it = ImageIO.getImageWritersByFormatName("tiff"); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (w.getDefaultWriteParam().canWriteTiles() && w.canWriteSequence()) {
        writer = w;
        break;
      }
    }
    if (writer == null) {
      throw new IllegalStateException("no TIFF writer that writes tiles and sequences");
    }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage level : levels) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
        param.setTiling(tile, tile, 0, 0);
        if (param.canWriteCompressed()) {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionType("Deflate");
        }
        writer.writeToSequence(new IIOImage(level, null, null), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return file;
  }

  /** A NIfTI-1 file of unsigned bytes ({@code .nii} or, by its name, {@code .nii.gz}), spacing in mm. */
  public static Path nifti(Path file, int[] size, double[] spacingMm, java.util.function.IntBinaryOperator slice0,
      short datatype) throws IOException {
    int bytesPer = datatype == 2 ? 1 : datatype == 512 ? 2 : 4;
    ByteBuffer h = ByteBuffer.allocate(352 + size[0] * size[1] * size[2] * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, 348);
    int dims = size[2] > 1 ? 3 : 2;
    h.putShort(40, (short) dims);
    for (int i = 0; i < 3; i++) {
      h.putShort(42 + 2 * i, (short) size[i]);
      h.putFloat(80 + 4 * i, (float) spacingMm[i]);
    }
    h.putShort(70, datatype);
    h.putShort(72, (short) (bytesPer * 8));
    h.putFloat(108, 352);
    h.put(123, (byte) 2); // mm
    h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    h.position(352);
    for (int z = 0; z < size[2]; z++) {
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          int v = (slice0.applyAsInt(x, y) + z) % 5;
          switch (datatype) {
            case 2 -> h.put((byte) v);
            case 512 -> h.putShort((short) v);
            default -> h.putFloat(v);
          }
        }
      }
    }
    byte[] bytes = h.array();
    try (OutputStream out = Files.newOutputStream(file);
         OutputStream body = file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out) {
      body.write(bytes);
    }
    return file;
  }

  /** A MetaImage {@code .mha} of unsigned bytes, voxels after the header, optionally zlib-compressed. */
  public static Path mha(Path file, int width, int height, double[] spacingMm, boolean compressed,
      java.util.function.IntBinaryOperator labels) throws IOException {
    byte[] voxels = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        voxels[y * width + x] = (byte) labels.applyAsInt(x, y);
      }
    }
    if (compressed) {
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (var deflater = new java.util.zip.DeflaterOutputStream(z)) {
        deflater.write(voxels);
      }
      voxels = z.toByteArray();
    }
    String header = "ObjectType = Image\nNDims = 2\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
        + "CompressedData = " + (compressed ? "True" : "False") + "\nDimSize = " + width + " " + height
        + "\nElementSpacing = " + spacingMm[0] + " " + spacingMm[1] + "\nElementType = MET_UCHAR\n"
        + "ElementDataFile = LOCAL\n";
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(voxels);
    }
    return file;
  }
}
