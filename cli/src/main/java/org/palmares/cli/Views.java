package org.palmares.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** How submissions and leaderboards read on a terminal. */
final class Views {
  private Views() {}

  static boolean terminal(JsonNode submission) {
    String status = submission.path("status").asText();
    return status.equals("SCORED") || status.equals("FAILED");
  }

  /** One line per submission: id, phase, status, primary score. */
  static String line(JsonNode s) {
    String score = "";
    JsonNode scores = s.path("scores");
    if (scores.has("primaryMetric")) {
      String metric = scores.get("primaryMetric").asText();
      JsonNode value = scores.path("public").path("metrics").path(metric).path("value");
      score = value.isMissingNode() || value.isNull() ? "" : "  " + metric + " " + value.asText();
    }
    return String.format(Locale.ROOT, "%s  %-8s %-7s %s%s", s.path("id").asText(), s.path("phase").asText(),
        s.path("status").asText(), s.path("createdAt").asText(""), score);
  }

  /** The outcome sentence, the public scores with their intervals, and the log tail where shown. */
  static void outcome(JsonNode s, PrintStream out) {
    out.println("Submission " + s.path("id").asText() + " (" + s.path("challenge").asText() + ", phase "
        + s.path("phase").asText() + "): " + s.path("status").asText());
    if (s.hasNonNull("message")) {
      out.println(s.get("message").asText());
    }
    JsonNode metrics = s.path("scores").path("public").path("metrics");
    if (metrics.isObject() && metrics.size() > 0) {
      String primary = s.path("scores").path("primaryMetric").asText();
      out.println("Public scores (" + s.path("scores").path("public").path("cases").asText("?") + " cases):");
      for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> m = it.next();
        JsonNode ci = m.getValue().path("ci95");
        out.println("  " + m.getKey() + (m.getKey().equals(primary) ? " (primary)" : "") + ": "
            + m.getValue().path("value").asText("n/a")
            + (ci.isArray() && ci.size() == 2 ? "  95% CI [" + ci.get(0).asText() + ", " + ci.get(1).asText() + "]" : "")
            + (m.getValue().hasNonNull("note") ? "  (" + m.getValue().get("note").asText() + ")" : ""));
      }
    }
    if (s.hasNonNull("logTail") && !s.get("logTail").asText().isBlank()) {
      out.println("Log tail:");
      s.get("logTail").asText().lines().forEach(l -> out.println("  | " + l));
    }
  }

  static void leaderboard(JsonNode board, PrintStream out) {
    out.println(board.path("challenge").asText() + ", phase " + board.path("phase").asText() + " ("
        + board.path("part").asText() + " part), by " + board.path("metric").asText()
        + (board.path("higherIsBetter").asBoolean(true) ? " (higher is better)" : " (lower is better)"));
    JsonNode entries = board.path("entries");
    if (entries.isEmpty()) {
      out.println("No scored submission yet.");
      return;
    }
    out.println(String.format(Locale.ROOT, "%4s  %-30s %10s  %-21s %s", "rank", "team", "score", "95% CI",
        "submissions"));
    for (JsonNode e : entries) {
      JsonNode ci = e.path("ci95");
      out.println(String.format(Locale.ROOT, "%4s  %-30s %10s  %-21s %s", e.path("rank").asText(),
          e.path("team").asText(), e.path("score").asText(),
          ci.isArray() && ci.size() == 2 ? "[" + ci.get(0).asText() + ", " + ci.get(1).asText() + "]" : "",
          e.path("submissions").asText()));
    }
  }
}
