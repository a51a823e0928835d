package org.palmares.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.leaderboard.Leaderboard;
import org.palmares.platform.leaderboard.LeaderboardService;
import org.palmares.platform.submission.Submission;

/**
 * What the API shows of each domain value. This is the one place that decides what leaves the
 * platform: private-part scores, logs and hidden file names are never written here.
 */
final class JsonViews {
  private JsonViews() {}

  static JsonObject challenge(Challenge c) {
    JsonArray files = new JsonArray();
    c.data().publicFiles().forEach(f -> files.add(new JsonObject().put("name", f)
        .put("url", "/challenges/" + c.slug() + "/files/" + f)));
    return new JsonObject()
        .put("slug", c.slug())
        .put("title", c.title())
        .put("summary", c.summary())
        .put("task", c.task())
        .put("licence", c.licence())
        .put("citation", c.citation())
        .put("metrics", new JsonArray(c.metrics()))
        .put("primaryMetric", c.primaryMetric())
        .put("publicFiles", files)
        .put("predictions", new JsonObject().put("file", c.predictions().file())
            .put("idColumn", c.predictions().idColumn()).put("scoreColumn", c.predictions().scoreColumn()))
        .put("limits", new JsonObject()
            .put("cpus", c.limits().cpus())
            .put("memoryMiB", c.limits().memoryMiB())
            .put("wallClockSeconds", c.limits().wallClockSeconds())
            .put("outputMiB", c.limits().outputMiB())
            .put("pids", c.limits().pids())
            .put("tmpMiB", c.limits().tmpMiB()))
        .put("links", new JsonObject()
            .put("leaderboard", "/api/challenges/" + c.slug() + "/leaderboard")
            .put("submit", "/api/challenges/" + c.slug() + "/submissions")
            .put("page", "/challenges/" + c.slug()));
  }

  /** A submission as its own team sees it: public-part scores only, no logs of hidden-data runs. */
  static JsonObject submission(Submission s) {
    JsonObject json = new JsonObject()
        .put("id", s.id())
        .put("challenge", s.challenge())
        .put("team", s.teamName())
        .put("status", s.status().name())
        .put("attempt", s.attempt())
        .put("createdAt", time(s.createdAt()))
        .put("startedAt", time(s.startedAt()))
        .put("finishedAt", time(s.finishedAt()))
        .put("image", new JsonObject().put("id", s.imageId()).put("archiveSha256", s.imageDigest())
            .put("archiveBytes", s.imageBytes()))
        .put("outcome", s.outcome())
        .put("message", s.message())
        .put("countsAgainstQuota", s.countsAgainstQuota())
        .put("runSeconds", s.runSeconds())
        .put("links", new JsonObject().put("self", "/api/submissions/" + s.id()));
    if (s.scores() != null) {
      json.put("scores", new JsonObject()
          .put("primaryMetric", s.scores().primaryMetric())
          .put("public", split(s.scores().publicPart())));
    }
    return json;
  }

  static JsonObject split(SplitScores part) {
    JsonObject metrics = new JsonObject();
    for (Map.Entry<String, MetricValue> m : part.metrics().entrySet()) {
      MetricValue v = m.getValue();
      JsonObject mv = new JsonObject().put("value", v.value() == null ? null : LeaderboardService.round(v.value()));
      if (v.ci() != null) {
        mv.put("ci95", new JsonArray().add(LeaderboardService.round(v.ci().low()))
            .add(LeaderboardService.round(v.ci().high())));
        mv.put("bootstrapResamples", v.ci().resamples());
      }
      if (v.note() != null) {
        mv.put("note", v.note());
      }
      metrics.put(m.getKey(), mv);
    }
    return new JsonObject().put("cases", part.cases()).put("metrics", metrics);
  }

  static JsonObject leaderboard(Leaderboard board) {
    JsonArray entries = new JsonArray();
    for (Leaderboard.Entry e : board.entries()) {
      entries.add(new JsonObject()
          .put("rank", e.rank())
          .put("team", e.team())
          .put("score", e.score())
          .put("ci95", e.ciLow() == null ? null : new JsonArray().add(e.ciLow()).add(e.ciHigh()))
          .put("submissions", e.submissions())
          .put("lastSubmissionAt", time(e.lastSubmissionAt()))
          .put("bestSubmittedAt", time(e.bestSubmittedAt())));
    }
    return new JsonObject()
        .put("challenge", board.challenge())
        .put("part", "public")
        .put("metric", board.metric())
        .put("higherIsBetter", board.higherIsBetter())
        .put("precision", LeaderboardService.PUBLIC_PRECISION)
        .put("entries", entries);
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
