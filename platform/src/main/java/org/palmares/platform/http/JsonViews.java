package org.palmares.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.audit.AuditLog;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Metrics;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.challenge.Text;
import org.palmares.platform.leaderboard.Leaderboard;
import org.palmares.platform.leaderboard.LeaderboardService;
import org.palmares.platform.submission.FeedbackPolicy;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.team.Team;

/**
 * What the API shows of each domain value. This is the one place that decides what leaves the
 * platform: private-part scores, logs and hidden file names are never written here.
 */
public final class JsonViews {
  private JsonViews() {}

  static JsonObject challenge(Challenge c) {
    JsonArray files = new JsonArray();
    c.data().publicFiles().forEach(f -> files.add(new JsonObject().put("name", f)
        .put("url", "/challenges/" + c.slug() + "/files/" + f)));
    return new JsonObject()
        .put("slug", c.slug())
        .put("title", text(c.title()))
        .put("summary", text(c.summary()))
        .put("organizers", new JsonArray(c.organizers() == null ? java.util.List.of() : c.organizers()))
        .put("rules", c.rules() == null ? null
            : new JsonObject().put("version", c.rules().version()).put("text", text(c.rules().text())))
        .put("task", c.task())
        .put("maxTeamSize", c.maxTeamSize())
        .put("licence", c.licence())
        .put("citation", c.citation())
        .put("metrics", new JsonArray(c.metrics().stream().map(m -> new JsonObject().put("name", m.name())
            .put("title", Metrics.title(m.name())).put("params", new JsonObject(new java.util.HashMap<>(m.params()))))
            .toList()))
        .put("phases", new JsonArray(c.phases().stream().map(JsonViews::phase).toList()))
        .put("primaryMetric", c.primaryMetric())
        .put("publicFiles", files)
        .put("predictions", new JsonObject().put("file", c.predictions().file())
            .put("idColumn", c.predictions().idColumn()).put("scoreColumn", c.predictions().scoreColumn())
            .put("classes", new JsonArray(c.predictions().classes())))
        .put("links", new JsonObject()
            .put("leaderboard", "/api/challenges/" + c.slug() + "/leaderboard")
            .put("submit", "/api/challenges/" + c.slug() + "/submissions")
            .put("acceptRules", "/api/challenges/" + c.slug() + "/rules/acceptance")
            .put("teams", "/api/challenges/" + c.slug() + "/teams")
            .put("page", "/challenges/" + c.slug()));
  }

  static JsonObject phase(Phase p) {
    return new JsonObject()
        .put("name", p.name())
        .put("title", text(p.title()))
        .put("opens", time(p.opens()))
        .put("closes", time(p.closes()))
        .put("quota", new JsonObject().put("perDay", p.quota().perDay()).put("total", p.quota().total()))
        .put("maxImageMiB", p.maxImageMiB())
        .put("maxImageUncompressedMiB", p.maxImageUncompressedMiB())
        .put("maxLayerMiB", p.maxLayerMiB())
        .put("maxImageEntries", p.maxImageEntries())
        .put("leaderboard", p.leaderboard())
        .put("revealPrivateAt", time(p.revealPrivateAt()))
        .put("logs", p.logs())
        .put("precision", p.precision());
  }

  static JsonObject limits(Challenge.Limits l) {
    return new JsonObject()
        .put("cpus", l.cpus())
        .put("memoryMiB", l.memoryMiB())
        .put("wallClockSeconds", l.wallClockSeconds())
        .put("outputMiB", l.outputMiB())
        .put("pids", l.pids())
        .put("tmpMiB", l.tmpMiB())
        .put("shmMiB", l.shmMiB());
  }

  static JsonObject text(Text t) {
    return t == null ? null : new JsonObject().put("en", t.en()).put("fr", t.fr());
  }

  /**
   * A submission as its own team sees it: public-part scores rounded to the phase's precision, and
   * of its run what the phase's {@link FeedbackPolicy} shows (the detail and the log tail only where
   * the phase shows logs to teams).
   */
  static JsonObject submission(Submission s, Phase phase) {
    int precision = phase == null ? LeaderboardService.DEFAULT_PRECISION : phase.precision();
    return submission(s, FeedbackPolicy.forTeam(phase), precision);
  }

  private static JsonObject submission(Submission s, FeedbackPolicy policy, int precision) {
    FeedbackPolicy.View run = policy.view(s);
    JsonObject json = new JsonObject()
        .put("id", s.id())
        .put("challenge", s.challenge())
        .put("phase", s.phase())
        .put("team", s.teamName())
        .put("status", s.status().name())
        .put("attempt", s.attempt())
        .put("createdAt", time(s.createdAt()))
        .put("startedAt", time(run.startedAt()))
        .put("finishedAt", time(run.finishedAt()))
        .put("image", new JsonObject().put("id", s.imageId()).put("archiveSha256", s.imageDigest())
            .put("archiveBytes", s.imageBytes()))
        .put("outcome", s.outcome())
        .put("message", run.message())
        .put("countsAgainstQuota", s.countsAgainstQuota())
        .put("runSeconds", run.runSeconds())
        .put("links", new JsonObject().put("self", "/api/submissions/" + s.id()));
    if (run.exitCode() != null) {
      json.put("exitCode", run.exitCode());
    }
    if (s.scores() != null) {
      json.put("scores", new JsonObject()
          .put("primaryMetric", s.scores().primaryMetric())
          .put("public", split(s.scores().publicPart(), precision)));
    }
    if (run.logTail() != null) {
      json.put("logTail", run.logTail());
    }
    if (s.multiSite()) {
      json.put("sites", sites(s, policy == FeedbackPolicy.ORGANIZER, precision));
      JsonObject line = new JsonObject();
      org.palmares.platform.web.SiteStatusLine.inEachLanguage(s).forEach(line::put);
      json.put("statusLine", line);
    }
    return json;
  }

  /**
   * A multi-site submission's evaluation at each site, in the challenge's order: its state and,
   * where scored, the public part's scores (organizers: both parts, the outcome, the site's message
   * such as a refusal's reason, and the signed record).
   */
  private static JsonArray sites(Submission s, boolean organizer, int precision) {
    JsonArray out = new JsonArray();
    for (var e : s.sites().values()) {
      JsonObject site = new JsonObject().put("site", e.site()).put("status", e.status().name())
          .put("attempt", e.attempt()).put("finishedAt", time(e.finishedAt()));
      if (e.scores() != null) {
        JsonObject scores = new JsonObject().put("primaryMetric", e.scores().primaryMetric())
            .put("public", split(e.scores().publicPart(), precision));
        if (organizer) {
          scores.put("private", split(e.scores().privatePart(), precision));
        }
        site.put("scores", scores);
      }
      if (organizer) {
        site.put("outcome", e.outcome()).put("message", e.message()).put("problem", e.problem())
            .put("record", e.record());
      }
      out.add(site);
    }
    return out;
  }

  /**
   * A submission as its challenge's organizers see it: the whole detail of the run, both parts at
   * full precision, the log tail, which member uploaded it, and why it was disqualified. Never sent
   * to a team or a spectator.
   */
  static JsonObject organizerSubmission(Submission s) {
    JsonObject json = submission(s, FeedbackPolicy.ORGANIZER, 12)
        .put("teamId", s.teamId())
        .put("submittedBy", s.submittedBy())
        .put("worker", s.worker())
        .put("logTail", s.logTail())
        .put("problem", s.problem())
        .put("problemColumn", s.problemColumn())
        .put("runtime", s.runtime())
        .put("disqualified", s.disqualified());
    if (s.scores() != null) {
      json.put("scores", new JsonObject()
          .put("primaryMetric", s.scores().primaryMetric())
          .put("public", split(s.scores().publicPart(), 12))
          .put("private", split(s.scores().privatePart(), 12)));
    }
    return json;
  }

  static JsonObject split(SplitScores part, int precision) {
    JsonObject metrics = new JsonObject();
    for (Map.Entry<String, MetricValue> m : part.metrics().entrySet()) {
      MetricValue v = m.getValue();
      JsonObject mv = new JsonObject().put("value",
          v.value() == null ? null : LeaderboardService.round(v.value(), precision));
      if (v.ci() != null) {
        mv.put("ci95", new JsonArray().add(LeaderboardService.round(v.ci().low(), precision))
            .add(LeaderboardService.round(v.ci().high(), precision)));
        mv.put("bootstrapResamples", v.ci().resamples());
      }
      if (v.note() != null) {
        mv.put("note", v.note());
      }
      metrics.put(m.getKey(), mv);
    }
    // a count the site withheld under its minimum cell count is sent as 0: shown as null, never as a real 0
    return new JsonObject().put("cases", part.suppressed().contains(SplitScores.CASES) ? null : part.cases())
        .put("metrics", metrics);
  }

  /** A board's API representation, encoded (kept as bytes by the board store). */
  public static io.vertx.core.buffer.Buffer leaderboardBytes(Leaderboard board) {
    return leaderboard(board).toBuffer();
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
          .put("scoredSubmissionAt", time(e.scoredSubmissionAt()))
          .put("baseline", e.baseline())
          .put("metrics", metricCells(e.metrics()))
          .put("rankLow", e.rankLow())
          .put("rankHigh", e.rankHigh())
          .put("pFirst", e.pFirst())
          .put("diffToLeader", e.diffToLeader() == null ? null : new JsonObject()
              .put("estimate", e.diffToLeader().estimate()).put("low", e.diffToLeader().low())
              .put("high", e.diffToLeader().high()))
          .put("tiedForFirst", e.tiedForFirst()));
      if (e.pooled() != null) {
        Leaderboard.PooledLine p = e.pooled();
        entries.getJsonObject(entries.size() - 1).put("pooled", new JsonObject().put("method", p.method())
            .put("scale", p.scale()).put("tau2", p.tau2()).put("i2", p.i2())
            .put("sites", new JsonArray(List.copyOf(p.sites()))).put("pending", new JsonArray(List.copyOf(p.pending())))
            .put("provisional", !p.pending().isEmpty()));
      }
    }
    Leaderboard.Stability stability = board.stability();
    JsonObject out = new JsonObject()
        .put("challenge", board.challenge())
        .put("phase", board.phase())
        .put("part", board.part())
        .put("metric", board.metric())
        .put("higherIsBetter", board.higherIsBetter())
        .put("rule", board.rule())
        .put("precision", board.precision())
        .put("entries", entries)
        .put("stability", stability == null ? null : new JsonObject().put("kendallTau", stability.kendallTau())
            .put("resamples", stability.resamples()))
        .put("unpaired", stability == null ? new JsonArray() : new JsonArray(List.copyOf(stability.unpaired())))
        .put("ranking", board.ranking() == null ? null : new JsonObject().put("method", board.ranking().method())
            .put("metrics", new JsonArray(List.copyOf(board.ranking().metrics()))).put("ties", board.ranking().ties())
            .put("ladder", board.ranking().ladder()));
    if (board.site() != null) {
      // a multi-site challenge's board: which one, the others, and for the pooled one its statement
      out.put("site", board.site()).put("sites", new JsonArray(List.copyOf(board.sites())));
    }
    if (board.isPooled()) {
      JsonArray provisional = new JsonArray();
      board.provisional().forEach(p -> provisional.add(new JsonObject().put("team", p.team())
          .put("submittedAt", time(p.submittedAt())).put("pending", new JsonArray(List.copyOf(p.pending())))
          .put("ranked", p.ranked())));
      out.put("complete", board.complete()).put("provisional", provisional)
          .put("pooling", new JsonObject().put("method", board.pooling().method()).put("scale", board.pooling().scale())
              .put("rankProvisional", board.pooling().rankProvisional()).put("metrics", metricPooling(board)));
    }
    return out;
  }

  /** How each metric of a pooled board is pooled: {@code {"accuracy": {"method": "pooled-counts", "scale": null}}}. */
  private static JsonObject metricPooling(Leaderboard board) {
    JsonObject out = new JsonObject();
    board.pooling().metrics().forEach((name, p) -> out.put(name, new JsonObject().put("method", p.method())
        .put("scale", p.scale())));
    return out;
  }

  /** Every metric of a board line: {@code {"roc_auc": {"value": v, "ci95": [lo, hi]}}}, rounded like the board. */
  private static JsonObject metricCells(java.util.Map<String, Leaderboard.Cell> cells) {
    JsonObject out = new JsonObject();
    cells.forEach((name, c) -> out.put(name, new JsonObject().put("value", c.value())
        .put("ci95", c.ciLow() == null ? null : new JsonArray().add(c.ciLow()).add(c.ciHigh()))));
    return out;
  }

  /** An account as its owner (and admins) see it: no password hash, ever. */
  static JsonObject account(Account a) {
    return new JsonObject().put("id", a.id()).put("email", a.email()).put("name", a.name()).put("admin", a.admin())
        .put("organizes", new JsonArray(a.organizes())).put("createdAt", time(a.createdAt()));
  }

  /** A personal access token as its owner sees it later: never the secret. */
  static JsonObject accessToken(AccessTokens.AccessToken t, Instant now) {
    return new JsonObject().put("id", t.id()).put("name", t.name()).put("createdAt", time(t.createdAt()))
        .put("expiresAt", time(t.expiresAt())).put("revokedAt", time(t.revokedAt()))
        .put("lastUsedAt", time(t.lastUsedAt())).put("usable", t.usableAt(now));
  }

  /** A team as its members see it: names of the members, not their e-mail addresses. */
  static JsonObject team(Team t, List<String> memberNames, int maxSize) {
    return new JsonObject().put("id", t.id()).put("challenge", t.challenge()).put("name", t.name())
        .put("members", new JsonArray(memberNames)).put("maxSize", maxSize).put("createdAt", time(t.createdAt()));
  }

  static JsonArray audit(List<AuditLog.Entry> entries) {
    JsonArray out = new JsonArray();
    entries.forEach(e -> out.add(new JsonObject().put("at", e.at().toString()).put("who", e.who())
        .put("action", e.action()).put("target", e.target()).put("detail", e.detail())));
    return out;
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
