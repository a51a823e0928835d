package org.palmares.evaluator.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * A {@link ResultRecord} under a site's signature, as it travels in a report and is stored and
 * published: {@code {"payload": "<canonical JSON of the record>", "signature": "<base64>", "key":
 * "<key id>"}}. The payload is carried as the exact string that was signed, so no reader needs to
 * re-serialise anything to check the signature; it must also be in canonical form, so one result
 * has one payload.
 *
 * @param payload   the record in {@link CanonicalJson}
 * @param signature Ed25519 signature of the payload's UTF-8 bytes, base64
 * @param key       id of the key that signed it ({@link Signatures#keyId})
 */
public record SignedRecord(String payload, String signature, String key) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Signs a record with the site's key. */
  public static SignedRecord sign(ResultRecord record, SiteKey key) {
    byte[] bytes = record.canonicalBytes();
    return new SignedRecord(new String(bytes, StandardCharsets.UTF_8), key.sign(bytes), key.keyId());
  }

  /**
   * The record, once its signature is checked against {@code key}.
   *
   * @throws ProvenanceException naming what does not hold: another key, a bad signature, a payload
   *                             that is not a canonical record
   */
  public ResultRecord verifiedWith(PublicKey key) {
    if (payload == null || signature == null || key == null) {
      throw new ProvenanceException("the signed record lacks its payload, signature or key id");
    }
    String expected = Signatures.keyId(key);
    if (!expected.equals(this.key)) {
      throw new ProvenanceException("the record is signed with key " + this.key + ", not the site's registered key "
          + expected);
    }
    if (!Signatures.verify(key, payload.getBytes(StandardCharsets.UTF_8), signature)) {
      throw new ProvenanceException("the record's signature does not verify with the site's key " + expected);
    }
    return unverifiedRecord();
  }

  /** The record read from the payload, which must be canonical; its signature is not checked. */
  public ResultRecord unverifiedRecord() {
    JsonNode tree;
    try {
      tree = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new ProvenanceException("the signed record's payload is not JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !CanonicalJson.string(tree).equals(payload)) {
      throw new ProvenanceException("the signed record's payload is not in canonical form");
    }
    return ResultRecord.fromJson(tree);
  }

  /** The JSON text of this signed record, as stored and published. */
  public String toJson() {
    return JSON.createObjectNode().put("payload", payload).put("signature", signature).put("key", key).toString();
  }

  /**
   * Reads a signed record from its JSON text.
   *
   * @throws ProvenanceException when it is not one
   */
  public static SignedRecord parse(String json) {
    try {
      return of(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new ProvenanceException("the signed record is not JSON: " + e.getOriginalMessage());
    }
  }

  /** Reads a signed record from its JSON form. */
  public static SignedRecord of(JsonNode node) {
    if (node == null || !node.isObject() || !node.path("payload").isTextual() || !node.path("signature").isTextual()
        || !node.path("key").isTextual()) {
      throw new ProvenanceException("a signed record is {\"payload\": string, \"signature\": string, \"key\": string}");
    }
    return new SignedRecord(node.get("payload").textValue(), node.get("signature").textValue(),
        node.get("key").textValue());
  }
}
