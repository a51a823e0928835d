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
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a {@code docker save} archive (plain or gzipped tar) without loading it: which image it
 * holds and whether it is one we accept. The image id is the sha256 of the image's config as
 * found in the archive, so a submission cannot claim the id of an image it does not contain.
 */
public final class ImageArchive {
  /** Config and manifest files are small; larger entries (layers) are not hashed. */
  private static final long MAX_HASHED_ENTRY = 4L * 1024 * 1024;
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
  public static final class InvalidImageArchiveException extends Exception {
    public InvalidImageArchiveException(String message) {
      super(message);
    }
  }

  /** Reads the archive at {@code path}. */
  public static Manifest inspect(Path path) throws IOException, InvalidImageArchiveException {
    try (InputStream in = Files.newInputStream(path)) {
      return inspect(in);
    }
  }

  /** Reads an archive from a stream (consumed to the end). */
  public static Manifest inspect(InputStream raw) throws IOException, InvalidImageArchiveException {
    Map<String, byte[]> smallEntries = new HashMap<>();
    Map<String, String> digests = new HashMap<>();
    int entries = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar)) != null) {
        entries++;
        if (!entry.isFile() || entry.getSize() > MAX_HASHED_ENTRY) {
          continue;
        }
        byte[] content = tar.readAllBytes();
        String name = normalise(entry.getName());
        digests.put(name, DigestUtils.sha256Hex(content));
        if (name.equals("manifest.json") || name.endsWith(".json") || name.startsWith("blobs/")) {
          smallEntries.put(name, content);
        }
      }
    }
    if (entries == 0) {
      throw new InvalidImageArchiveException(
          "the upload is not a tar archive; send the output of 'docker save IMAGE' (optionally gzipped)");
    }
    byte[] manifestBytes = smallEntries.get("manifest.json");
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
    String configName = normalise(manifest.get(0).path("Config").asText(""));
    byte[] config = smallEntries.get(configName);
    if (configName.isEmpty() || config == null) {
      throw new InvalidImageArchiveException("the image configuration '" + configName
          + "' named in manifest.json is missing from the archive");
    }
    JsonNode configJson = parse(config, configName);
    JsonNode runConfig = configJson.path("config");
    boolean hasCommand = nonEmptyArray(runConfig.path("Entrypoint")) || nonEmptyArray(runConfig.path("Cmd"));
    return new Manifest("sha256:" + digests.get(configName),
        configJson.path("architecture").asText(""), configJson.path("os").asText(""), hasCommand);
  }

  /**
   * Copies an archive to {@code out} as a plain tar with its repository tags removed, so loading
   * a submission can never re-point a tag of the engine (a base image, another team's image)
   * at it. The evaluator runs images by id only.
   */
  public static void copyWithoutTags(InputStream raw, OutputStream out) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw));
         TarArchiveOutputStream copy = new TarArchiveOutputStream(out)) {
      copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      copy.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar)) != null) {
        String name = normalise(entry.getName());
        if (entry.isFile() && (name.equals("manifest.json") || name.equals("index.json") || name.equals("repositories"))) {
          byte[] cleaned = untagged(name, tar.readAllBytes());
          if (cleaned == null) {
            continue; // "repositories" only maps tags: drop it
          }
          TarArchiveEntry replaced = new TarArchiveEntry(entry.getName());
          replaced.setSize(cleaned.length);
          replaced.setModTime(entry.getModTime());
          copy.putArchiveEntry(replaced);
          copy.write(cleaned);
        } else {
          copy.putArchiveEntry(entry);
          if (entry.isFile()) {
            tar.transferTo(copy);
          }
        }
        copy.closeArchiveEntry();
      }
      copy.finish();
    }
  }

  private static byte[] untagged(String name, byte[] content) throws IOException {
    if (name.equals("repositories")) {
      return null;
    }
    JsonNode json = JSON.readTree(content);
    if (name.equals("manifest.json") && json.isArray()) {
      for (JsonNode image : json) {
        ((ObjectNode) image).putNull("RepoTags");
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
  }

  private static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return (b1 == 0x1f && b2 == 0x8b) ? new GzipCompressorInputStream(in, true) : in;
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
    try {
      return tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("corrupt tar archive: " + e.getMessage(), e);
    }
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
