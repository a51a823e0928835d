package org.palmares.evaluator.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.palmares.evaluator.scoring.image.LabelRaster;

/**
 * An ITK MetaImage label image: {@code .mha} (text header then voxels in one file) or {@code .mhd}
 * (text header naming a separate {@code ElementDataFile} in the same folder), raw or zlib-compressed
 * ({@code CompressedData = True}). The keys read: {@code NDims}, {@code DimSize},
 * {@code ElementSpacing} (millimetres, ITK's convention), {@code ElementType},
 * {@code ElementNumberOfChannels} (1 only), {@code BinaryDataByteOrderMSB}, {@code HeaderSize},
 * {@code ElementDataFile}. As for NIfTI, no maintained reader is on Maven Central.
 */
final class MetaImageRaster {
  /** A header is text; a longer one is not a MetaImage header. */
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private MetaImageRaster() {}

  static LabelRaster open(Path file) throws IOException {
    Map<String, String> keys = new HashMap<>();
    long headerEnd = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        headerEnd++;
        if (headerEnd > MAX_HEADER_BYTES) {
          throw new ImageFormatException("is not a MetaImage file (no ElementDataFile in its first 64 KiB)");
        }
        if (c != '\n') {
          line.append((char) c);
          continue;
        }
        String text = line.toString().strip();
        line.setLength(0);
        int eq = text.indexOf('=');
        if (eq < 0) {
          if (!text.isEmpty()) {
            throw new ImageFormatException("is not a MetaImage file (a header line is not 'Key = value')");
          }
          continue;
        }
        String key = text.substring(0, eq).strip();
        keys.put(key, text.substring(eq + 1).strip());
        if (key.equals("ElementDataFile")) {
          break; // the last key of a header: the voxels follow
        }
      }
    }
    String dataFile = keys.get("ElementDataFile");
    if (dataFile == null) {
      throw new ImageFormatException("is not a MetaImage file (no ElementDataFile)");
    }
    int dims = integer(keys, "NDims");
    if (dims < 2 || dims > 3) {
      throw new ImageFormatException("has NDims " + dims + "; a mask has 2 or 3");
    }
    String[] dimSize = keys.getOrDefault("DimSize", "").split("\\s+");
    String[] spacingText = keys.getOrDefault("ElementSpacing", keys.getOrDefault("ElementSize", "")).split("\\s+");
    if (dimSize.length != dims) {
      throw new ImageFormatException("has a DimSize of " + dimSize.length + " values for NDims " + dims);
    }
    int[] size = {1, 1, 1};
    double[] spacing = {1, 1, 1};
    for (int i = 0; i < dims; i++) {
      try {
        size[i] = Integer.parseInt(dimSize[i]);
        if (spacingText.length == dims) {
          spacing[i] = Double.parseDouble(spacingText[i]);
        }
      } catch (NumberFormatException e) {
        throw new ImageFormatException("has a DimSize or ElementSpacing that is not a number");
      }
      if (size[i] < 1 || !(spacing[i] > 0) || !Double.isFinite(spacing[i])) {
        throw new ImageFormatException("has a non-positive DimSize or ElementSpacing");
      }
    }
    if (keys.containsKey("ElementNumberOfChannels") && !keys.get("ElementNumberOfChannels").equals("1")) {
      throw new ImageFormatException("has several channels; a mask has one");
    }
    VoxelStream.Type type = switch (keys.getOrDefault("ElementType", "")) {
      case "MET_UCHAR" -> VoxelStream.Type.UINT8;
      case "MET_CHAR" -> VoxelStream.Type.INT8;
      case "MET_USHORT" -> VoxelStream.Type.UINT16;
      case "MET_SHORT" -> VoxelStream.Type.INT16;
      case "MET_UINT" -> VoxelStream.Type.UINT32;
      case "MET_INT" -> VoxelStream.Type.INT32;
      case "MET_FLOAT" -> VoxelStream.Type.FLOAT32;
      case "MET_DOUBLE" -> VoxelStream.Type.FLOAT64;
      default -> throw new ImageFormatException("has ElementType '" + keys.get("ElementType")
          + "', not an integer or float type");
    };
    boolean msb = bool(keys, "BinaryDataByteOrderMSB") || bool(keys, "ElementByteOrderMSB");
    boolean compressed = bool(keys, "CompressedData");
    Path data;
    long offset;
    if (dataFile.equalsIgnoreCase("LOCAL")) {
      data = file;
      offset = headerEnd;
    } else {
      // only a plain name in the same folder: a header cannot make us read elsewhere
      if (!dataFile.matches("[A-Za-z0-9._-]+") || dataFile.startsWith(".")) {
        throw new ImageFormatException("names an ElementDataFile that is not a plain file name beside it");
      }
      data = file.resolveSibling(dataFile);
      if (!Files.isRegularFile(data, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new ImageFormatException("names an ElementDataFile that is missing");
      }
      offset = keys.containsKey("HeaderSize") ? Math.max(0, integer(keys, "HeaderSize")) : 0;
    }
    VoxelStream voxels = new VoxelStream(data, offset,
        compressed ? VoxelStream.Compression.ZLIB : VoxelStream.Compression.NONE, type,
        msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, size[0], size[1]);
    return new VoxelRaster(new ImageGeometry(size, spacing), voxels);
  }

  private static int integer(Map<String, String> keys, String key) throws ImageFormatException {
    try {
      return Integer.parseInt(keys.getOrDefault(key, ""));
    } catch (NumberFormatException e) {
      throw new ImageFormatException("has no whole number " + key);
    }
  }

  private static boolean bool(Map<String, String> keys, String key) {
    return keys.getOrDefault(key, "False").toLowerCase(Locale.ROOT).equals("true");
  }
}
