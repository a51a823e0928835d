package org.palmares.evaluator.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The voxels of a NIfTI or MetaImage file, x fastest, then y, then z, read forward as a stream
 * (gzip or zlib compressed or not): the readers serve slabs of rows in increasing order, and go
 * back to the start only when asked for rows behind them. Memory: one slab.
 */
final class VoxelStream implements AutoCloseable {
  /** How voxels are stored. */
  enum Type {
    UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4), FLOAT64(8);

    final int bytes;

    Type(int bytes) {
      this.bytes = bytes;
    }
  }

  /** How the voxel bytes are wrapped. */
  enum Compression { NONE, GZIP, ZLIB }

  private final Path file;
  private final long offset;
  private final Compression compression;
  private final Type type;
  private final ByteOrder order;
  private final int width;
  private final int height;
  private InputStream in;
  private long position; // voxel index of the next voxel in the stream
  private byte[] buffer = new byte[0];

  VoxelStream(Path file, long offset, Compression compression, Type type, ByteOrder order, int width, int height) {
    this.file = file;
    this.offset = offset;
    this.compression = compression;
    this.type = type;
    this.order = order;
    this.width = width;
    this.height = height;
  }

  /** Reads rows {@code [y0, y0 + rows)} of slice {@code z} as integer labels. */
  void readRows(int z, int y0, int rows, int[] into) throws IOException {
    long first = ((long) z * height + y0) * width;
    if (in == null || first < position) {
      reopen();
    }
    skipVoxels(first - position);
    int count = rows * width;
    int bytes = count * type.bytes;
    if (buffer.length < bytes) {
      buffer = new byte[bytes];
    }
    readFully(buffer, bytes);
    position = first + count;
    ByteBuffer b = ByteBuffer.wrap(buffer, 0, bytes).order(order);
    for (int i = 0; i < count; i++) {
      into[i] = switch (type) {
        case UINT8 -> b.get() & 0xFF;
        case INT8 -> b.get();
        case UINT16 -> b.getShort() & 0xFFFF;
        case INT16 -> b.getShort();
        case UINT32, INT32 -> b.getInt();
        case FLOAT32 -> label(b.getFloat());
        case FLOAT64 -> label(b.getDouble());
      };
    }
  }

  /** A label stored as a float: the nearest integer (masks written by numpy as float keep whole values). */
  private static int label(double value) {
    if (!Double.isFinite(value)) {
      return -1;
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(value)));
  }

  private void reopen() throws IOException {
    close();
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    position = 0;
    switch (compression) {
      case NONE -> {
        in = raw;
        skipBytes(offset);
      }
      case GZIP -> {
        in = new GZIPInputStream(raw, 1 << 16); // NIfTI .nii.gz: the header is inside the gzip stream
        skipBytes(offset);
      }
      case ZLIB -> {
        in = raw; // MetaImage: the compressed voxels start at the offset of the file
        skipBytes(offset);
        in = new java.util.zip.InflaterInputStream(raw, new java.util.zip.Inflater(), 1 << 16);
      }
    }
  }

  private void skipVoxels(long voxels) throws IOException {
    skipBytes(voxels * type.bytes);
  }

  private void skipBytes(long bytes) throws IOException {
    try {
      in.skipNBytes(bytes);
    } catch (EOFException e) {
      throw new ImageFormatException("is shorter than its header says");
    }
  }

  private void readFully(byte[] into, int bytes) throws IOException {
    int read = in.readNBytes(into, 0, bytes);
    if (read < bytes) {
      throw new ImageFormatException("is shorter than its header says");
    }
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
