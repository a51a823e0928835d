package org.palmares.evaluator.provenance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 signatures and public keys as text, with the JDK alone. A public key is written as PEM
 * ({@code -----BEGIN PUBLIC KEY-----}, the X.509 SubjectPublicKeyInfo that {@code openssl pkey
 * -pubin} reads); its id is the first 16 hex digits of the sha256 of that encoding, so a record
 * names the key that signed it and a rotated key does not invalidate older records.
 */
public final class Signatures {
  static final String ALGORITHM = "Ed25519";

  private Signatures() {}

  /** Signs {@code data}; the signature in base64. */
  public static String sign(PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(data);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code signature} (base64) is {@code key}'s over {@code data}; false for a malformed one. */
  public static boolean verify(PublicKey key, byte[] data, String signature) {
    try {
      byte[] raw = Base64.getDecoder().decode(signature);
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(raw);
    } catch (IllegalArgumentException | java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 verification is not available", e);
    }
  }

  /** The PEM text of a public key. */
  public static String pem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * Reads an Ed25519 public key from its PEM text or the bare base64 of its X.509 encoding.
   *
   * @throws ProvenanceException when it is not one
   */
  public static PublicKey publicKey(String text) {
    if (text == null || text.isBlank()) {
      throw new ProvenanceException("no public key given");
    }
    String base64 = text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
        .replaceAll("\\s", "");
    try {
      PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(
          new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (!ALGORITHM.equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
        throw new ProvenanceException("the public key is not an Ed25519 key");
      }
      return key;
    } catch (IllegalArgumentException | java.security.spec.InvalidKeySpecException e) {
      throw new ProvenanceException("not an Ed25519 public key (give the PEM that palmares evaluate "
          + "--print-public-key prints)");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The key's id: the first 16 hex digits of the sha256 of its X.509 encoding. */
  public static String keyId(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
