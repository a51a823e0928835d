package org.palmares.platform.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.provenance.ProvenanceException;
import org.palmares.evaluator.provenance.ResultRecord;
import org.palmares.evaluator.provenance.Signatures;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.platform.leaderboard.Leaderboard;

/**
 * A phase's signed records as published, with the sites' public keys and the phase's boards, in
 * one JSON document that anyone can check offline ({@code palmares verify FILE}, {@link #problems}):
 * every record is signed by a key the export lists, says it is of this challenge and phase and of
 * the submission it is filed under, and every figure on the boards is the rounded value of a
 * signed record of that team. What the records do not sign, the export cannot prove: which team
 * a submission belongs to is the platform's word.
 */
public final class RecordExport {
  /** The layout of an export. */
  public static final String FORMAT = "palmares-records/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordExport() {}

  /** The export of a phase: its records, the keys of the sites serving the challenge, and its boards. */
  public static ObjectNode of(String challenge, String phase, List<ResultRecords.Kept> records,
      List<EvaluatorCredentials.SiteKeyEntry> keys, List<Leaderboard> boards, Instant now) {
    ObjectNode export = JSON.createObjectNode().put("format", FORMAT).put("challenge", challenge).put("phase", phase)
        .put("exportedAt", now.toString());
    ArrayNode keyList = export.putArray("keys");
    for (EvaluatorCredentials.SiteKeyEntry k : keys) {
      keyList.addObject().put("evaluator", k.evaluator()).put("name", k.name()).put("site", k.site())
          .put("keyId", k.keyId())
          .put("publicKey", k.publicKey()).put("current", k.current());
    }
    ArrayNode recordList = export.putArray("records");
    for (ResultRecords.Kept r : records) {
      ObjectNode o = recordList.addObject().put("submission", r.submission()).put("site", r.site())
          .put("team", r.team()).put("attempt", r.attempt());
      try {
        o.set("signed", JSON.readTree(r.record()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("a kept record is not JSON", e);
      }
    }
    ArrayNode boardList = export.putArray("boards");
    for (Leaderboard b : boards) {
      ObjectNode o = boardList.addObject().put("part", b.part()).put("metric", b.metric())
          .put("precision", b.precision());
      if (b.site() != null) {
        o.put("site", b.site()); // a site's board: its figures are its own site's records
      }
      ArrayNode entries = o.putArray("entries");
      for (Leaderboard.Entry e : b.entries()) {
        entries.addObject().put("rank", e.rank()).put("team", e.team()).put("score", e.score())
            .put("baseline", e.baseline());
      }
    }
    return export;
  }

  /** The result of checking an export. */
  public record Check(int records, int figures, int baselines, List<String> problems) {
    public boolean holds() {
      return problems.isEmpty();
    }
  }

  /** Checks an export offline: every signature, and every board figure against the records. */
  public static Check check(JsonNode export) {
    List<String> problems = new ArrayList<>();
    if (!FORMAT.equals(export.path("format").asText())) {
      problems.add("not an export of format " + FORMAT + " (it says " + export.path("format") + ")");
      return new Check(0, 0, 0, problems);
    }
    String challenge = export.path("challenge").asText();
    String phase = export.path("phase").asText();
    Map<String, PublicKey> keys = new HashMap<>();
    // a key signs for the site its evaluator is at (null: single-site challenges)
    Map<String, String> siteOfKey = new HashMap<>();
    for (JsonNode k : export.path("keys")) {
      try {
        PublicKey key = Signatures.publicKey(k.path("publicKey").asText());
        if (!Signatures.keyId(key).equals(k.path("keyId").asText())) {
          problems.add("key of " + k.path("name").asText() + ": its id is " + Signatures.keyId(key) + ", not "
              + k.path("keyId").asText());
        }
        keys.put(Signatures.keyId(key), key);
        siteOfKey.put(Signatures.keyId(key), k.path("site").isTextual() ? k.path("site").asText() : null);
      } catch (ProvenanceException e) {
        problems.add("key of " + k.path("name").asText() + ": " + e.getMessage());
      }
    }
    // team -> the verified records of its submissions
    Map<String, List<ResultRecord>> byTeam = new HashMap<>();
    int records = 0;
    for (JsonNode r : export.path("records")) {
      String submission = r.path("submission").asText();
      String label = "record of submission " + submission + (r.path("site").isTextual()
          ? " at site " + r.path("site").asText() : "");
      try {
        SignedRecord signed = SignedRecord.of(r.get("signed"));
        PublicKey key = keys.get(signed.key());
        if (key == null) {
          problems.add(label + ": signed with key " + signed.key() + ", which the export does not list");
          continue;
        }
        ResultRecord record = signed.verifiedWith(key);
        List<String> wrong = new ArrayList<>();
        if (!challenge.equals(record.challenge())) {
          wrong.add("challenge " + record.challenge());
        }
        if (!phase.equals(record.phase())) {
          wrong.add("phase " + record.phase());
        }
        if (!submission.equals(record.submission())) {
          wrong.add("submission " + record.submission());
        }
        String site = r.path("site").isTextual() ? r.path("site").asText() : null;
        if (!java.util.Objects.equals(site, record.site())) {
          wrong.add("site " + record.site());
        }
        if (!wrong.isEmpty()) {
          problems.add(label + ": the signed record says " + String.join(", ", wrong));
          continue;
        }
        if (!java.util.Objects.equals(siteOfKey.get(signed.key()), record.site())) {
          problems.add(label + ": signed with the key of " + (siteOfKey.get(signed.key()) == null ? "no site"
              : "site " + siteOfKey.get(signed.key())) + ", not of its own site");
          continue;
        }
        records++;
        byTeam.computeIfAbsent(r.path("team").asText(), t -> new ArrayList<>()).add(record);
      } catch (ProvenanceException e) {
        problems.add(label + ": " + e.getMessage());
      }
    }
    int figures = 0;
    int baselines = 0;
    for (JsonNode b : export.path("boards")) {
      String part = b.path("part").asText();
      String metric = b.path("metric").asText();
      int precision = b.path("precision").asInt();
      String boardSite = b.path("site").isTextual() ? b.path("site").asText() : null;
      for (JsonNode e : b.path("entries")) {
        if (e.path("baseline").asBoolean()) {
          baselines++; // the organizers' reference lines, run by the platform: not a site's result
          continue;
        }
        String team = e.path("team").asText();
        double shown = e.path("score").asDouble();
        boolean backed = byTeam.getOrDefault(team, List.of()).stream()
            .filter(rec -> boardSite == null || boardSite.equals(rec.site()))
            .map(rec -> valueOf(rec, part, metric))
            .anyMatch(v -> v != null && round(v, precision) == shown);
        if (backed) {
          figures++;
        } else {
          problems.add("board " + (boardSite == null ? "" : "of site " + boardSite + " ") + part + ", rank "
              + e.path("rank").asInt() + " (team " + team + "): " + metric + " "
              + shown + " is the rounded value of no signed record of the team");
        }
      }
    }
    return new Check(records, figures, baselines, problems);
  }

  /** The record's value of {@code metric} on {@code part} ({@code public} or {@code private}), or null. */
  private static Double valueOf(ResultRecord record, String part, String metric) {
    if (record.scores() == null) {
      return null;
    }
    JsonNode v = record.scores().path(part + "Part").path("metrics").path(metric).path("value");
    return v.isNumber() ? v.doubleValue() : null;
  }

  /** Rounded half-up, as boards round ({@code LeaderboardService.round}). */
  private static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
