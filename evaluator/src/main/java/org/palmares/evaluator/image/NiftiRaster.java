package org.palmares.evaluator.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.palmares.evaluator.scoring.image.LabelRaster;

/**
 * A NIfTI-1 label volume ({@code .nii} or {@code .nii.gz}), read as a stream. The smallest reader
 * that serves masks: the 348-byte header (dimensions, datatype, {@code pixdim}, units,
 * {@code vox_offset}, scaling), then integer or float voxels. No maintained NIfTI reader is
 * published on Maven Central (niftijio is not; zorbage-nifti reads whole volumes into its own
 * structures), hence this one; its tests write files by hand, byte by byte, from the standard.
 * The orientation (qform, sform) is not compared: masks must share their image's voxel grid.
 */
final class NiftiRaster {
  private static final int HEADER_BYTES = 348;
  private NiftiRaster() {}

  static LabelRaster open(Path file) throws IOException {
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    byte[] header;
    try (InputStream raw = Files.newInputStream(file);
         InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
      header = in.readNBytes(HEADER_BYTES);
    } catch (java.util.zip.ZipException e) {
      throw new ImageFormatException("is not a gzip-compressed NIfTI file");
    }
    if (header.length < HEADER_BYTES) {
      throw new ImageFormatException("is not a NIfTI-1 file (shorter than its header)");
    }
    ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != HEADER_BYTES) {
      b.order(ByteOrder.BIG_ENDIAN);
      if (b.getInt(0) != HEADER_BYTES) {
        throw new ImageFormatException("is not a NIfTI-1 file (sizeof_hdr is not 348)");
      }
    }
    String magic = new String(header, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
    if (!magic.equals("n+1") && !magic.equals("ni1")) {
      throw new ImageFormatException("is not a NIfTI-1 file (magic is not n+1)");
    }
    int dims = b.getShort(40);
    if (dims < 2 || dims > 7) {
      throw new ImageFormatException("has " + dims + " dimensions; a mask has 2 or 3");
    }
    int[] size = {b.getShort(42), b.getShort(44), dims >= 3 ? b.getShort(46) : 1};
    for (int d = 3; d < dims; d++) {
      if (b.getShort(42 + 2 * d) > 1) {
        throw new ImageFormatException("has more than 3 dimensions with more than one voxel");
      }
    }
    for (int s : size) {
      if (s < 1) {
        throw new ImageFormatException("has a dimension of size " + s);
      }
    }
    VoxelStream.Type type = switch (b.getShort(70)) {
      case 2 -> VoxelStream.Type.UINT8;
      case 4 -> VoxelStream.Type.INT16;
      case 8 -> VoxelStream.Type.INT32;
      case 16 -> VoxelStream.Type.FLOAT32;
      case 64 -> VoxelStream.Type.FLOAT64;
      case 256 -> VoxelStream.Type.INT8;
      case 512 -> VoxelStream.Type.UINT16;
      case 768 -> VoxelStream.Type.UINT32;
      default -> throw new ImageFormatException("has NIfTI datatype " + b.getShort(70)
          + ", not one of the integer or float types a mask may have");
    };
    float slope = b.getFloat(112);
    float intercept = b.getFloat(116);
    if (slope != 0 && (slope != 1 || intercept != 0)) {
      throw new ImageFormatException("scales its voxels (scl_slope " + slope + ", scl_inter " + intercept
          + "); write the labels themselves");
    }
    double toMm = switch (header[123] & 0x07) {
      case 1 -> 1000; // metres
      case 3 -> 0.001; // micrometres
      default -> 1; // millimetres, or unknown: NIfTI's usual unit
    };
    double[] spacing = new double[3];
    for (int i = 0; i < 3; i++) {
      float p = b.getFloat(80 + 4 * i);
      spacing[i] = i < dims && p > 0 && Float.isFinite(p) ? p * toMm : 1;
    }
    long offset = (long) b.getFloat(108);
    if (offset < HEADER_BYTES) {
      offset = HEADER_BYTES + 4; // .nii: the header, then 4 bytes of extension flags
    }
    VoxelStream voxels = new VoxelStream(file, offset,
        gzip ? VoxelStream.Compression.GZIP : VoxelStream.Compression.NONE, type, b.order(), size[0], size[1]);
    return new VoxelRaster(new ImageGeometry(size, spacing), voxels);
  }
}
