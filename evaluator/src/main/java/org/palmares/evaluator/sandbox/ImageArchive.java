package org.palmares.evaluator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.palmares.evaluator.protocol.ImageLimits;

/**
 * Reads a {@code docker save} archive (plain or gzipped tar, legacy or OCI layout) as a stream,
 * in bounded memory and time whatever its shape: which image it holds, whether it is one we
 * accept, and whether it stays within {@link ImageLimits} once its layers are decompressed. The
 * image id is the sha256 of the image's config as found in the archive, so a submission cannot
 * claim the id of an image it does not contain.
 *
 * <p>Only what is needed is kept: manifest.json, index.json and the entries that may be the
 * configuration (small JSON objects at the top level or under {@code blobs/}), within
 * {@link #RETAINED_BUDGET} in all. Layers are streamed through a decompressor and counted, never
 * held.
 */
public final class ImageArchive {
  /** A configuration or manifest larger than this is not one docker writes. */
  static final int MAX_JSON_ENTRY = 1 << 20;
  /** Everything kept in memory while reading one archive (manifest, index, candidate configs). */
  static final long RETAINED_BUDGET = 8L << 20;
  private static final int BUFFER = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageArchive() {}

  /**
   * What we learnt of an image archive.
   *
   * @param imageId      {@code sha256:<hex>} of the config (what {@code docker load} will name it)
   * @param architecture the image's CPU architecture
   * @param os           the image's operating system
   * @param hasCommand   whether it declares an ENTRYPOINT or CMD
   */
  public record Manifest(String imageId, String architecture, String os, boolean hasCommand) {}

  /** The archive is not a single docker image; the message says why, for the competitor. */
  public static class InvalidImageArchiveException extends Exception {
    public InvalidImageArchiveException(String message) {
      super(message);
    }
  }

  /** The image is larger than a limit allows; the message names the limit and what to do. */
  public static final class ImageLimitExceededException extends InvalidImageArchiveException {
    private final String limit;
    private final long allowed;

    /**
     * @param limit   the limit's name in the challenge format
     * @param allowed its value (files, or MiB), which the platform's localized sentence names
     */
    public ImageLimitExceededException(String limit, long allowed, String message) {
      super(message);
      this.limit = limit;
      this.allowed = allowed;
    }

    /** The limit's value: files for {@code maxImageEntries}, MiB for the others. */
    public long allowed() {
      return allowed;
    }

    /** The name of the limit, as the challenge format spells it (e.g. {@code maxLayerMiB}). */
    public String limit() {
      return limit;
    }
  }

  /** Reads the archive at {@code path} under the default limits. */
  public static Manifest inspect(Path path) throws IOException, InvalidImageArchiveException {
    return inspect(path, ImageLimits.DEFAULT);
  }

  /** Reads the archive at {@code path}, refusing it past {@code limits}. */
  public static Manifest inspect(Path path, ImageLimits limits) throws IOException, InvalidImageArchiveException {
    try (InputStream in = Files.newInputStream(path)) {
      return inspect(in, limits);
    }
  }

  /** Reads an archive from a stream under the default limits. */
  public static Manifest inspect(InputStream raw) throws IOException, InvalidImageArchiveException {
    return inspect(raw, ImageLimits.DEFAULT);
  }

  /** Reads an archive from a stream, refusing it past {@code limits}. */
  public static Manifest inspect(InputStream raw, ImageLimits limits) throws IOException, InvalidImageArchiveException {
    return new Reading(limits, null).read(raw);
  }

  /**
   * Copies an archive to {@code out} as a plain tar with its repository tags removed, so loading
   * a submission can never re-point a tag of the engine (a base image, another team's image)
   * at it; the evaluator runs images by id only. The archive is checked against {@code limits}
   * as it is copied: on a refusal the copy stops where it is, without the end-of-archive marker,
   * and the caller must make its reader fail (a truncated tar can read as a shorter valid one).
   */
  public static Manifest copyWithoutTags(InputStream raw, OutputStream out, ImageLimits limits)
      throws IOException, InvalidImageArchiveException {
    TarArchiveOutputStream copy = new TarArchiveOutputStream(out);
    copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    copy.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    Manifest manifest = new Reading(limits, copy).read(raw);
    copy.finish();
    copy.flush();
    return manifest;
  }

  /** Copies under the default limits (see {@link #copyWithoutTags(InputStream, OutputStream, ImageLimits)}). */
  public static Manifest copyWithoutTags(InputStream raw, OutputStream out) throws IOException, InvalidImageArchiveException {
    return copyWithoutTags(raw, out, ImageLimits.DEFAULT);
  }

  /** A limit crossed inside a stream (so that it can leave a decompressor's read). */
  private static final class Exceeded extends IOException {
    final ImageLimitExceededException refusal;

    Exceeded(ImageLimitExceededException refusal) {
      super(refusal.getMessage());
      this.refusal = refusal;
    }
  }

  /** One pass over one archive: counts, checks, keeps what is needed, copies when asked. */
  private static final class Reading {
    private final ImageLimits limits;
    private final TarArchiveOutputStream copy;
    private final Map<String, byte[]> kept = new HashMap<>();
    private final byte[] buffer = new byte[BUFFER];
    private long retained;
    private long expanded;
    private long entries;
    private String configName; // known once manifest.json has been read

    Reading(ImageLimits limits, TarArchiveOutputStream copy) {
      this.limits = limits;
      this.copy = copy;
    }

    Manifest read(InputStream raw) throws IOException, InvalidImageArchiveException {
      try {
        return readArchive(raw);
      } catch (Exceeded e) {
        throw e.refusal;
      } catch (TarReader.CorruptTarException e) {
        throw new InvalidImageArchiveException("the upload is not a valid tar archive (" + e.getMessage()
            + "); send the output of 'docker save IMAGE' (optionally gzipped)");
      }
    }

    private Manifest readArchive(InputStream raw) throws IOException, InvalidImageArchiveException {
      TarReader tar = new TarReader(decompressed(raw));
      TarReader.Header entry;
      boolean any = false;
      while ((entry = tar.next()) != null) {
        any = true;
        countEntries(1);
        addExpanded(tar.takeExtendedBytes(), "(extended headers)", 0);
        String name = normalise(entry.name());
        if (entry.isDeviceOrFifo()) {
          throw new InvalidImageArchiveException("the archive holds a device or FIFO entry (" + name
              + "); send the output of 'docker save IMAGE'");
        }
        if (!entry.isRegular()) {
          copyHeader(entry, 0);
          closeCopied();
          continue;
        }
        switch (name) {
          case "manifest.json", "index.json" -> {
            byte[] content = json(tar, entry, name);
            if (name.equals("manifest.json")) {
              configName = configNameIn(content);
            }
            copyRewritten(entry, untagged(name, content));
          }
          case "repositories" -> {
            if (entry.size() > MAX_JSON_ENTRY) {
              throw new InvalidImageArchiveException("the archive's 'repositories' file is over 1 MiB");
            }
            count(tar, entry.size(), name); // only maps tags: dropped from the copy
          }
          default -> layerOrBlob(tar, entry, name);
        }
      }
      if (!any) {
        throw new InvalidImageArchiveException(
            "the upload is not a tar archive; send the output of 'docker save IMAGE' (optionally gzipped)");
      }
      return manifest();
    }

    /** A file that may be a layer (measured decompressed) or the configuration (kept). */
    private void layerOrBlob(TarReader tar, TarReader.Header entry, String name)
        throws IOException, InvalidImageArchiveException {
      copyHeader(entry, entry.size());
      InputStream content = tee(tar.content());
      BufferedInputStream head = new BufferedInputStream(content, BUFFER);
      head.mark(512);
      byte[] start = head.readNBytes(512);
      head.reset();
      if (mayBeConfig(name, entry.size(), start)) {
        byte[] bytes = head.readAllBytes();
        addExpanded(bytes.length, name, bytes.length);
        kept.put(name, bytes);
        retained += bytes.length;
      } else {
        measureLayer(head, start, name);
        drain(content, null);
      }
      closeCopied();
    }

    private boolean mayBeConfig(String name, long size, byte[] start) throws InvalidImageArchiveException {
      if (configName != null) {
        return name.equals(configName) && size <= MAX_JSON_ENTRY;
      }
      boolean placed = (name.endsWith(".json") && !name.contains("/")) || name.startsWith("blobs/");
      if (!placed || size > MAX_JSON_ENTRY || !startsWithJsonObject(start)) {
        return false;
      }
      if (retained + size > RETAINED_BUDGET) {
        throw new InvalidImageArchiveException("the archive holds more than " + (RETAINED_BUDGET >> 20)
            + " MiB of small JSON files besides its layers, which no 'docker save' output does; send the "
            + "output of 'docker save IMAGE'");
      }
      return true;
    }

    /** Decompresses a layer (gzip) if need be and counts its bytes and, when it is a tar, its entries. */
    private void measureLayer(InputStream head, byte[] start, String name) throws IOException, InvalidImageArchiveException {
      String compression = compression(start);
      if (compression != null) {
        throw new InvalidImageArchiveException("layer " + name + " is compressed with " + compression
            + "; send layers as docker save writes them (plain tar, or gzip)");
      }
      boolean gzip = start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
      InputStream layer = gzip ? new GzipCompressorInputStream(head, true) : head;
      long[] size = {0};
      InputStream counted = new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = layer.read(b, off, len);
          if (n > 0) {
            size[0] += n;
            try {
              addExpanded(n, name, size[0]);
            } catch (ImageLimitExceededException e) {
              throw new Exceeded(e);
            }
          }
          return n;
        }
      };
      try {
        BufferedInputStream peek = new BufferedInputStream(counted, BUFFER);
        peek.mark(512);
        byte[] first = peek.readNBytes(512);
        peek.reset();
        if (TarReader.looksLikeTar(first, first.length)) {
          TarReader inner = new TarReader(peek);
          try {
            while (inner.next() != null) {
              countEntries(1);
            }
          } catch (TarReader.CorruptTarException e) {
            throw new InvalidImageArchiveException("layer " + name + " is not a valid tar (" + e.getMessage() + ")");
          }
        }
        drain(peek, null);
      } catch (Exceeded e) {
        throw e;
      } catch (TarReader.CorruptTarException e) {
        throw e;
      } catch (IOException e) {
        if (gzip) {
          throw new InvalidImageArchiveException("layer " + name + " is not valid gzip (" + e.getMessage() + ")");
        }
        throw e;
      }
    }

    private void countEntries(long n) throws InvalidImageArchiveException {
      entries += n;
      if (entries > limits.maxEntries()) {
        throw new ImageLimitExceededException("maxImageEntries", limits.maxEntries(), "the image holds more than "
            + limits.maxEntries() + " files (archive and layer entries; maxImageEntries of this phase); "
            + "remove what the model does not need (caches, tests, documentation) or ask the organizers");
      }
    }

    private void addExpanded(long n, String name, long layerSoFar) throws ImageLimitExceededException {
      expanded += n;
      if (layerSoFar > limits.maxLayerBytes()) {
        throw new ImageLimitExceededException("maxLayerMiB", limits.maxLayerBytes() >> 20, "layer " + name
            + " expands to more than "
            + (limits.maxLayerBytes() >> 20) + " MiB once decompressed (maxLayerMiB of this phase); split "
            + "large files across several layers (RUN/COPY steps) or leave out training data and caches");
      }
      if (expanded > limits.maxUncompressedBytes()) {
        throw new ImageLimitExceededException("maxImageUncompressedMiB", limits.maxUncompressedBytes() >> 20,
            "the image expands to more than "
            + (limits.maxUncompressedBytes() >> 20) + " MiB once its layers are decompressed "
            + "(maxImageUncompressedMiB of this phase; 'docker image inspect --format {{.Size}}' shows an "
            + "image's size); use a slimmer base image and leave out training data, caches and build tools");
      }
    }

    private byte[] json(TarReader tar, TarReader.Header entry, String name) throws IOException, InvalidImageArchiveException {
      if (entry.size() > MAX_JSON_ENTRY) {
        throw new InvalidImageArchiveException(name + " in the archive is over 1 MiB, which no 'docker save' "
            + "output is; send the output of 'docker save IMAGE'");
      }
      byte[] content = tar.content().readAllBytes();
      addExpanded(content.length, name, content.length);
      retained += content.length;
      kept.put(name, content);
      return content;
    }

    private void count(TarReader tar, long size, String name) throws IOException, InvalidImageArchiveException {
      drain(tar.content(), null);
      addExpanded(size, name, size);
    }

    private void drain(InputStream in, OutputStream out) throws IOException {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out != null) {
          out.write(buffer, 0, n);
        }
      }
    }

    private InputStream tee(InputStream content) {
      if (copy == null) {
        return content;
      }
      return new InputStream() {
        @Override
        public int read() throws IOException {
          int b = content.read();
          if (b >= 0) {
            copy.write(b);
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = content.read(b, off, len);
          if (n > 0) {
            copy.write(b, off, n);
          }
          return n;
        }
      };
    }

    private void copyHeader(TarReader.Header entry, long size) throws IOException {
      if (copy == null) {
        return;
      }
      TarArchiveEntry out = new TarArchiveEntry(entry.name(), (byte) entry.type());
      if (entry.isLink()) {
        out.setLinkName(entry.linkName());
      }
      out.setMode(entry.mode());
      out.setModTime(entry.modTimeSeconds() * 1000);
      out.setSize(size);
      copy.putArchiveEntry(out);
    }

    private void closeCopied() throws IOException {
      if (copy != null) {
        copy.closeArchiveEntry();
      }
    }

    private void copyRewritten(TarReader.Header entry, byte[] content) throws IOException {
      if (copy == null) {
        return;
      }
      TarArchiveEntry out = new TarArchiveEntry(entry.name());
      out.setSize(content.length);
      out.setMode(entry.mode());
      out.setModTime(entry.modTimeSeconds() * 1000);
      copy.putArchiveEntry(out);
      copy.write(content);
      copy.closeArchiveEntry();
    }

    private Manifest manifest() throws InvalidImageArchiveException {
      byte[] manifestBytes = kept.get("manifest.json");
      if (manifestBytes == null) {
        throw new InvalidImageArchiveException(
            "the archive has no manifest.json, so it is not a docker image; send the output of 'docker save IMAGE'");
      }
      JsonNode manifest = parse(manifestBytes, "manifest.json");
      if (!manifest.isArray() || manifest.isEmpty()) {
        throw new InvalidImageArchiveException("manifest.json lists no image");
      }
      if (manifest.size() > 1) {
        throw new InvalidImageArchiveException("the archive holds " + manifest.size()
            + " images; save and submit exactly one");
      }
      String name = normalise(manifest.get(0).path("Config").asText(""));
      byte[] config = kept.get(name);
      if (name.isEmpty() || config == null) {
        throw new InvalidImageArchiveException("the image configuration '" + name
            + "' named in manifest.json is missing from the archive");
      }
      JsonNode configJson = parse(config, name);
      JsonNode runConfig = configJson.path("config");
      boolean hasCommand = nonEmptyArray(runConfig.path("Entrypoint")) || nonEmptyArray(runConfig.path("Cmd"));
      return new Manifest("sha256:" + DigestUtils.sha256Hex(config),
          configJson.path("architecture").asText(""), configJson.path("os").asText(""), hasCommand);
    }
  }

  /** The configuration manifest.json names, when it names exactly one image; else null (decided at the end). */
  private static String configNameIn(byte[] manifest) {
    try {
      JsonNode json = JSON.readTree(manifest);
      if (json.isArray() && json.size() == 1 && json.get(0).path("Config").isTextual()) {
        return normalise(json.get(0).get("Config").asText());
      }
    } catch (IOException e) {
      // reported with the other manifest problems at the end
    }
    return null;
  }

  private static byte[] untagged(String name, byte[] content) {
    try {
      JsonNode json = JSON.readTree(content);
      if (name.equals("manifest.json") && json.isArray()) {
        for (JsonNode image : json) {
          if (image.isObject()) {
            ((ObjectNode) image).putNull("RepoTags");
          }
        }
      } else if (name.equals("index.json") && json.path("manifests").isArray()) {
        for (JsonNode m : (ArrayNode) json.get("manifests")) {
          if (m.path("annotations").isObject()) {
            ObjectNode annotations = (ObjectNode) m.get("annotations");
            annotations.remove("io.containerd.image.name");
            annotations.remove("org.opencontainers.image.ref.name");
          }
        }
      }
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      return content; // not JSON: refused at the end (manifest.json) or by the engine (index.json)
    }
  }

  /** The name of a compression Docker may read but we do not measure, or null. */
  private static String compression(byte[] s) {
    if (s.length >= 4 && (s[0] & 0xff) == 0x28 && (s[1] & 0xff) == 0xb5 && (s[2] & 0xff) == 0x2f
        && (s[3] & 0xff) == 0xfd) {
      return "zstd";
    }
    if (s.length >= 6 && (s[0] & 0xff) == 0xfd && s[1] == '7' && s[2] == 'z' && s[3] == 'X' && s[4] == 'Z'
        && s[5] == 0) {
      return "xz";
    }
    if (s.length >= 10 && s[0] == 'B' && s[1] == 'Z' && s[2] == 'h' && s[3] >= '1' && s[3] <= '9'
        && s[4] == 0x31 && s[5] == 0x41 && s[6] == 0x59 && s[7] == 0x26 && s[8] == 0x53 && s[9] == 0x59) {
      return "bzip2";
    }
    return null;
  }

  private static boolean startsWithJsonObject(byte[] start) {
    for (byte b : start) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }

  private static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return (b1 == 0x1f && b2 == 0x8b) ? new BufferedInputStream(new GzipCompressorInputStream(in, true), BUFFER) : in;
  }

  private static JsonNode parse(byte[] content, String name) throws InvalidImageArchiveException {
    try {
      return JSON.readTree(content);
    } catch (IOException e) {
      throw new InvalidImageArchiveException(name + " in the archive is not valid JSON");
    }
  }

  private static boolean nonEmptyArray(JsonNode node) {
    return node.isArray() && !node.isEmpty();
  }

  private static String normalise(String name) {
    return name.startsWith("./") ? name.substring(2) : name;
  }

}
