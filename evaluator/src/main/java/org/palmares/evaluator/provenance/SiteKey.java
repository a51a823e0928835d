package org.palmares.evaluator.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * A site's Ed25519 signing key, kept in its data folder as {@value #FILE_NAME} (the PKCS#8
 * encoding of the private key and the X.509 one of the public key, base64, one a line, readable
 * by the site's user only). Made at the evaluator's first start; the
 * public key is what the platform's admin registers on the site's evaluator credential.
 */
public final class SiteKey {
  /** The key file's name in the data folder. */
  public static final String FILE_NAME = "site-signing-key";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private SiteKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A new key held in memory only (tests). */
  public static SiteKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(Signatures.ALGORITHM).generateKeyPair();
      return new SiteKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /**
   * The key in {@code folder}, made there (owner-only) if there is none yet.
   *
   * @throws IOException when the file cannot be read or written, or is readable by others (a key
   *                     others could read may have been copied: the site must make a new one)
   */
  public static SiteKey loadOrCreate(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(FILE_NAME);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      SiteKey made = generate();
      // the JDK's PKCS#8 form of an Ed25519 key does not carry its public half: both are kept
      byte[] text = (Base64.getEncoder().encodeToString(made.privateKey.getEncoded()) + "\n"
          + Base64.getEncoder().encodeToString(made.publicKey.getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
      // written under a temporary name and moved, so a crash never leaves half a key behind
      Path partial = Files.createTempFile(folder, FILE_NAME, ".partial", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        Files.write(partial, text, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(partial, file); // fails if another start made one meanwhile: that one is kept
      } catch (FileAlreadyExistsException e) {
        // another process won the race: use its key
      } finally {
        Files.deleteIfExists(partial);
      }
    }
    return load(file);
  }

  /** Reads a key file, refusing one that others may read. */
  static SiteKey load(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(file + " is not a plain file");
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new IOException("the site's signing key " + file + " may be read by others ("
          + PosixFilePermissions.toString(permissions) + "); delete it, start again to make a new one, and register "
          + "the new public key on the platform");
    }
    try {
      String[] lines = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+");
      if (lines.length != 2) {
        throw new IllegalArgumentException("it should hold two lines, the private and the public key");
      }
      KeyFactory factory = KeyFactory.getInstance(Signatures.ALGORITHM);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1])));
      byte[] probe = "palmares site key probe".getBytes(StandardCharsets.US_ASCII);
      if (!Signatures.verify(publicKey, probe, Signatures.sign(privateKey, probe))) {
        throw new IllegalArgumentException("its public key is not the private key's");
      }
      return new SiteKey(privateKey, publicKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the site's signing key " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM, for the platform's admin to register. */
  public String publicKeyPem() {
    return Signatures.pem(publicKey);
  }

  public String keyId() {
    return Signatures.keyId(publicKey);
  }

  /** The base64 Ed25519 signature of {@code data}. */
  public String sign(byte[] data) {
    return Signatures.sign(privateKey, data);
  }
}
