package org.palmares.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Content-addressed files on disk: a blob is named by the sha256 of its bytes. Blobs are
 * written to a temporary file while streaming in, then moved into place atomically, so a
 * reader never sees half a blob and the same content is stored once. Every file and folder is
 * owner-only ({@link OwnerOnly}): uploads are competitors' private work.
 */
public final class BlobStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private final Path root;
  private final Path incoming;

  public BlobStore(Path root) throws IOException {
    this.root = root.resolve("sha256");
    this.incoming = root.resolve("incoming");
    OwnerOnly.createDirectories(this.root);
    OwnerOnly.createDirectories(this.incoming);
  }

  /** A new empty temporary file to stream an upload into. */
  /** The owner-only folder uploads are written to before they are adopted (a form's files too). */
  public Path incomingFolder() {
    return incoming;
  }

  public Path newIncomingFile() throws IOException {
    return OwnerOnly.createTempFile(incoming, "upload-", ".part");
  }

  /**
   * Moves a fully written temporary file into place as the blob {@code sha256}; if that blob
   * exists already, the temporary file is dropped.
   */
  public void adopt(Path incomingFile, String sha256) throws IOException {
    Path target = path(sha256);
    OwnerOnly.createDirectories(target.getParent());
    if (Files.exists(target)) {
      Files.deleteIfExists(incomingFile);
      return;
    }
    try {
      Files.move(incomingFile, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(incomingFile);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(incomingFile, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Opens a blob for reading. */
  public InputStream open(String sha256) throws IOException {
    try {
      return Files.newInputStream(path(sha256));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("no blob " + sha256);
    }
  }

  /** The file of a blob (to send it as it is). */
  public Path file(String sha256) {
    return path(sha256);
  }

  public boolean exists(String sha256) {
    return Files.exists(path(sha256));
  }

  /** Removes temporary files left by uploads interrupted by a crash. */
  public void clearIncoming() throws IOException {
    try (var files = Files.list(incoming)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: " + sha256);
    }
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }
}
