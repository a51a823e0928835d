package org.palmares.platform.testing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionStatus;

/**
 * Seeds a phase with many scored submissions of realistic size: one submission goes through the
 * repository's real verbs (insert, lease, scored with every metric of the demo challenge, their
 * intervals and a log tail), and its stored document is copied with another id, team, time and
 * scores. So the documents are what the platform itself writes, without running thousands of
 * containers.
 */
public final class ScoredArchive {
  private static final String[] METRICS = {"roc_auc", "accuracy", "sensitivity", "specificity", "log_loss"};

  private ScoredArchive() {}

  /** The public ROC AUC of the {@code k}-th submission of team {@code team} (deterministic, in [0.5, 0.9)). */
  public static double publicAuc(int team, int k) {
    return 0.5 + 0.4 * (Math.floorMod(team * 7919L + k * 104_729L, 1000) / 1000.0);
  }

  /** Its private ROC AUC. */
  public static double privateAuc(int team, int k) {
    return 0.5 + 0.4 * (Math.floorMod(team * 104_729L + k * 7919L, 997) / 997.0);
  }

  /** The team name of team {@code team}. */
  public static String teamName(int team) {
    return "team-" + team;
  }

  /**
   * Writes {@code teams × perTeam} scored submissions to {@code phase}, oldest first, a minute
   * apart from {@code start}.
   */
  public static void seed(MongoDatabase db, Challenge challenge, Phase phase, int teams, int perTeam, Instant start) {
    SubmissionRepository repository = new SubmissionRepository(db);
    MongoCollection<Document> submissions = db.getCollection("submissions");
    String templateId = "sub_template_" + phase.name();
    repository.insert(new Submission(templateId, challenge.slug(), phase.name(), "t", "t", "A B <a@b.c>",
        "a".repeat(64), "sha256:" + "b".repeat(64), 123_456_789, SubmissionStatus.QUEUED, 0, null, null,
        challenge.evaluationSpec(phase), start, null, null, null, null, true, null, null, null, null), "2026-06-01");
    Submission leased = repository.lease("seed-worker", null, start, start.plusSeconds(60)).orElseThrow();
    repository.markScored(leased.id(), "seed-worker", leased.attempt(), start, report(0.7, 0.7),
        "epoch 1/1 loss 0.4321\n".repeat(90), 12.5, "runsc");
    Document template = submissions.find(new Document("_id", templateId)).first();
    submissions.deleteOne(new Document("_id", templateId));
    List<Document> batch = new ArrayList<>();
    Instant at = start;
    for (int k = 0; k < perTeam; k++) {
      for (int t = 0; t < teams; t++) {
        at = at.plus(Duration.ofSeconds(1));
        Document d = Document.parse(template.toJson());
        d.put("_id", "sub_" + phase.name() + "_" + t + "_" + k);
        d.put("teamId", "team_" + t);
        d.put("teamName", teamName(t));
        d.put("createdAt", Date.from(at));
        d.put("startedAt", Date.from(at));
        d.put("finishedAt", Date.from(at.plusSeconds(30)));
        d.put("quotaDay", "2026-06-01");
        Document scores = Document.parse(new org.bson.Document(toBson(report(publicAuc(t, k), privateAuc(t, k))))
            .toJson());
        d.put("scores", scores);
        d.put("primaryPublic", publicAuc(t, k));
        batch.add(d);
        if (batch.size() == 1000) {
          submissions.insertMany(batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      submissions.insertMany(batch);
    }
  }

  private static Map<String, Object> toBson(ScoreReport report) {
    try {
      return Document.parse(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(report));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A report with every metric of the demo challenge, the primary one at the given values. */
  public static ScoreReport report(double publicAuc, double privateAuc) {
    return new ScoreReport("roc_auc", split(publicAuc, 120), split(privateAuc, 280));
  }

  private static SplitScores split(double auc, int cases) {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    for (String m : METRICS) {
      double v = m.equals("roc_auc") ? auc : m.equals("log_loss") ? 0.61234567 : 0.71234567;
      metrics.put(m, new MetricValue(v, new Interval(Math.max(0, v - 0.0512345), Math.min(1, v + 0.0498765), 1000),
          null));
    }
    return new SplitScores(cases, cases / 3, metrics);
  }
}
