package org.palmares.evaluator.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a site says, under its signature, about one result it sends: which submission and attempt
 * of which phase, run from which image, on which hidden data (a digest of the files the evaluation
 * read), scored by which scorer, in which sandbox runtime, by which evaluator, and what came out
 * (the outcome and the scores exactly as released). Written in {@link CanonicalJson} under the
 * field names below; {@link #FORMAT} names this layout, so a later one can be told apart.
 *
 * @param challenge    challenge slug
 * @param phase        phase name
 * @param site         the site's name in the challenge, or null for a single-site challenge
 * @param submission   submission id
 * @param attempt      the lease's attempt
 * @param imageDigest  sha256 of the submitted image archive ({@code sha256:<hex>} or bare hex, as the job says)
 * @param scorer       the scorer: {@code builtin <evaluator version>} or {@code image <scoring image>}
 * @param hiddenDigest {@link HiddenFilesDigest} of the hidden files the evaluation read, or null
 *                     when they could not be read (the result is then an evaluator error)
 * @param runtime      the sandbox runtime that ran the container ({@code runsc}, {@code runc}), or null
 *                     when no container ran
 * @param evaluator    the evaluator's version
 * @param outcome      the report's outcome ({@code SUCCEEDED}, {@code AWAITING_RELEASE}, ...)
 * @param scores       the released scores as JSON, or null when none are released
 */
public record ResultRecord(String challenge, String phase, String site, String submission, int attempt,
    String imageDigest, String scorer, String hiddenDigest, String runtime, String evaluator, String outcome,
    JsonNode scores) {

  /** The layout of the record, signed with it. */
  public static final String FORMAT = "palmares-result/1";

  /** The mapper that turns scores into the JSON tree a record holds; both sides use this one. */
  public static final ObjectMapper SCORES = new ObjectMapper();

  public ResultRecord {
    scores = scores == null || scores.isNull() ? null : scores;
  }

  /** The scores of a report as a record holds them. */
  public static JsonNode scoresOf(Object scores) {
    return scores == null ? null : SCORES.valueToTree(scores);
  }

  /** The record as a JSON object (its canonical form is what is signed). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", FORMAT);
    o.put("challenge", challenge);
    o.put("phase", phase);
    o.put("site", site);
    o.put("submission", submission);
    o.put("attempt", attempt);
    o.put("imageDigest", imageDigest);
    o.put("scorer", scorer);
    o.put("hiddenDigest", hiddenDigest);
    o.put("runtime", runtime);
    o.put("evaluator", evaluator);
    o.put("outcome", outcome);
    o.set("scores", scores == null ? JsonNodeFactory.instance.nullNode() : scores);
    return o;
  }

  /** The canonical bytes: what the site signs. */
  public byte[] canonicalBytes() {
    return CanonicalJson.bytes(toJson());
  }

  /**
   * Reads a record; fails with a sentence when it is not one of this format.
   *
   * @throws ProvenanceException when a field is missing or of the wrong kind
   */
  public static ResultRecord fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new ProvenanceException("the signed record is not a JSON object");
    }
    if (!FORMAT.equals(o.path("format").asText(null))) {
      throw new ProvenanceException("the signed record is not of format " + FORMAT + " (it says "
          + o.path("format") + ")");
    }
    JsonNode attempt = o.path("attempt");
    if (!attempt.canConvertToInt() || !attempt.isIntegralNumber()) {
      throw new ProvenanceException("the signed record's attempt is not a whole number");
    }
    return new ResultRecord(text(o, "challenge", true), text(o, "phase", true), text(o, "site", false),
        text(o, "submission", true), attempt.intValue(), text(o, "imageDigest", true), text(o, "scorer", true),
        text(o, "hiddenDigest", false), text(o, "runtime", false), text(o, "evaluator", true),
        text(o, "outcome", true), o.get("scores"));
  }

  private static String text(JsonNode o, String field, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new ProvenanceException("the signed record has no " + field);
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new ProvenanceException("the signed record's " + field + " is not a string");
    }
    return v.textValue();
  }

  /**
   * The fields in which this record does not describe {@code sent} (the result as the platform
   * received it and the job as it leased it), by name; empty when it describes it. Scores are
   * compared in their canonical form. The fields only the site knows (scorer, hidden data,
   * evaluator) are not compared.
   */
  public List<String> disagreementsWith(ResultRecord sent) {
    List<String> differ = new ArrayList<>();
    compare(differ, "challenge", challenge, sent.challenge);
    compare(differ, "phase", phase, sent.phase);
    compare(differ, "site", site, sent.site);
    compare(differ, "submission", submission, sent.submission);
    compare(differ, "attempt", attempt, sent.attempt);
    compare(differ, "imageDigest", bareDigest(imageDigest), bareDigest(sent.imageDigest));
    compare(differ, "runtime", runtime, sent.runtime);
    compare(differ, "outcome", outcome, sent.outcome);
    compare(differ, "scores", scores == null ? null : CanonicalJson.string(scores),
        sent.scores == null ? null : CanonicalJson.string(sent.scores));
    return differ;
  }

  private static void compare(List<String> differ, String field, Object signed, Object sent) {
    if (!Objects.equals(signed, sent)) {
      differ.add(field);
    }
  }

  private static String bareDigest(String digest) {
    return digest != null && digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
  }
}
