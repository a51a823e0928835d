package org.palmares.platform.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bson.Document;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.Scorer;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamRepository;
import org.palmares.platform.testing.Fixtures;

/**
 * Fills a data folder (or a database) with realistic documents for the scale benchmark: copies
 * of one real scored submission of the demo challenge (scored by the evaluator's own
 * {@link Scorer} on its hidden labels, written by the platform's own repository, then read back
 * and copied with another id, team, time and score), spread over {@code teams} teams, plus
 * {@code queued} submissions waiting in the queue (inserted one by one through the repository,
 * as uploads are). It uses only the repository's public verbs, so the same seeder runs against
 * an older version of the platform for a baseline.
 *
 * <p>Command: {@code ScaleSeed DATA_DIR SCORED TEAMS [QUEUED]} (the demo challenge's bundle is
 * read from the repository's {@code challenges/}; {@code MONGODB_URI} seeds a real MongoDB instead).
 */
public final class ScaleSeed {
  /** The challenge seeded (the repository's demo). */
  public static final String SLUG = "breast-cancer-diagnosis";
  /** The phase seeded (ranked by the best submission of each team). */
  public static final String PHASE = "final";
  /** Team names are {@code team-00042}. */
  public static final String TEAM_PREFIX = "team-";
  private static final int BATCH = 1000;

  /**
   * What to seed.
   *
   * @param scored how many scored submissions (copies of one real one)
   * @param teams  how many teams they are spread over (round-robin)
   * @param queued how many queued submissions to add after them
   * @param start  creation time of the first submission; the others follow a minute apart
   */
  public record Plan(int scored, int teams, int queued, Instant start) {
    public Plan {
      if (scored < 0 || queued < 0 || teams < 1) {
        throw new IllegalArgumentException("scored and queued must be >= 0 and teams >= 1");
      }
    }
  }

  /** What was seeded (ids of the teams, in order). */
  public record Seeded(List<Team> teams, Document template) {}

  private ScaleSeed() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ScaleSeed DATA_DIR SCORED TEAMS [QUEUED]");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]);
    Plan plan = new Plan(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        args.length > 3 ? Integer.parseInt(args[3]) : 0, Instant.parse("2026-06-01T00:00:00Z"));
    long t0 = System.nanoTime();
    Files.createDirectories(dataDir);
    try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), DataFolder.open(dataDir))) {
      seed(mongo.database(), demoChallenge(), plan);
    }
    System.out.printf(Locale.ROOT, "seeded %d scored + %d queued submissions over %d teams into %s in %.1f s%n",
        plan.scored(), plan.queued(), plan.teams(), dataDir, (System.nanoTime() - t0) / 1e9);
  }

  /** The demo challenge, read from the repository's {@code challenges/} folder. */
  public static Challenge demoChallenge() throws Exception {
    return ChallengeCatalog.readBundle(Fixtures.repoRoot().resolve("challenges/" + SLUG));
  }

  /** Seeds {@code db} as {@code plan} says. */
  public static Seeded seed(MongoDatabase db, Challenge challenge, Plan plan) throws IOException {
    Phase phase = challenge.phase(PHASE).orElseThrow();
    TeamRepository teamRepository = new TeamRepository(db);
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t < plan.teams(); t++) {
      teams.add(teamRepository.findOrCreateInternal(challenge.slug(),
          TEAM_PREFIX + String.format(Locale.ROOT, "%05d", t), plan.start()));
    }
    SubmissionRepository repository = new SubmissionRepository(db);
    MongoCollection<Document> submissions = db.getCollection("submissions");
    Document template = plan.scored() > 0 ? realScoredSubmission(repository, submissions, challenge, phase,
        teams.get(0), plan.start()) : null;
    SplittableRandom random = new SplittableRandom(20261202L);
    List<Document> batch = new ArrayList<>(BATCH);
    // the template itself is submission 0
    for (int i = 1; i < plan.scored(); i++) {
      batch.add(copy(template, i, teams.get(i % teams.size()), plan.start(), random));
      if (batch.size() == BATCH) {
        submissions.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      submissions.insertMany(batch);
    }
    seedQueued(db, repository, challenge, phase, teams, plan);
    return new Seeded(teams, template);
  }

  /**
   * The queued submissions: the first few through the repository (as uploads are), the rest as
   * copies of what that wrote (the submission, and its job where this version keeps one), in
   * batches, with the next ids and times (ids {@code sub_q00000000} on sort in queue order).
   */
  private static void seedQueued(MongoDatabase db, SubmissionRepository repository, Challenge challenge, Phase phase,
      List<Team> teams, Plan plan) {
    int throughRepository = Math.min(plan.queued(), 3);
    for (int q = 0; q < throughRepository; q++) {
      Team team = teams.get(q % teams.size());
      Instant at = queuedAt(plan, q);
      repository.insert(new Submission(queuedId(q), challenge.slug(), phase.name(),
          team.id(), team.name(), null, "d".repeat(64), "sha256:" + "e".repeat(64), 4_200_000L,
          SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase), at, null, null, null, null, true,
          null, null, null, null), at.atZone(ZoneOffset.UTC).toLocalDate().toString());
    }
    if (plan.queued() <= throughRepository) {
      return;
    }
    MongoCollection<Document> submissions = db.getCollection("submissions");
    MongoCollection<Document> jobs = db.getCollection("jobs");
    Document submission = submissions.find(new Document("_id", queuedId(0))).first();
    Document job = jobs.find(new Document("_id", queuedId(0))).first();
    List<Document> subBatch = new ArrayList<>(BATCH);
    List<Document> jobBatch = new ArrayList<>(BATCH);
    for (int q = throughRepository; q < plan.queued(); q++) {
      Team team = teams.get(q % teams.size());
      Instant at = queuedAt(plan, q);
      Document s = Document.parse(submission.toJson());
      s.put("_id", queuedId(q));
      s.put("teamId", team.id());
      s.put("teamName", team.name());
      s.put("createdAt", java.util.Date.from(at));
      s.put("quotaDay", at.atZone(ZoneOffset.UTC).toLocalDate().toString());
      subBatch.add(s);
      if (job != null) {
        Document j = Document.parse(job.toJson());
        j.put("_id", queuedId(q));
        j.put("createdAt", java.util.Date.from(at));
        jobBatch.add(j);
      }
      if (subBatch.size() == BATCH || q == plan.queued() - 1) {
        submissions.insertMany(subBatch);
        subBatch.clear();
        if (!jobBatch.isEmpty()) {
          jobs.insertMany(jobBatch);
          jobBatch.clear();
        }
      }
    }
  }

  /** The id of the {@code q}-th queued submission seeded. */
  public static String queuedId(int q) {
    return String.format(Locale.ROOT, "sub_q%08d", q);
  }

  private static Instant queuedAt(Plan plan, int q) {
    return plan.start().plus(Duration.ofMinutes(plan.scored() + q));
  }

  /**
   * One submission taken through the platform's own path (inserted, leased, reported scored with
   * scores the evaluator's scorer computed on the demo's hidden labels), read back as stored.
   */
  private static Document realScoredSubmission(SubmissionRepository repository, MongoCollection<Document> submissions,
      Challenge challenge, Phase phase, Team team, Instant at) throws IOException {
    String id = String.format(Locale.ROOT, "sub_s%08d", 0);
    repository.insert(new Submission(id, challenge.slug(), phase.name(), team.id(), team.name(),
        "Seed <seed@example.org>", "a".repeat(64), "sha256:" + "b".repeat(64), 4_200_000L,
        SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase), at, null, null, null, null, true,
        null, null, null, null), at.atZone(ZoneOffset.UTC).toLocalDate().toString());
    // lease until this one is ours (the folder may already hold queued submissions of an earlier seed)
    var leased = repository.lease("seed#0/1", null, List.of(challenge.slug()), at, at.plusSeconds(600));
    if (leased.isEmpty() || !leased.get().id().equals(id)) {
      throw new IllegalStateException("seed a fresh data folder: the queue already held work");
    }
    ScoreReport scores = realScores(challenge, phase);
    String log = "loading model\n" + "predicting 114 cases\n".repeat(40) + "done\n";
    if (!repository.markScored(id, "seed#0/1", 1, at.plusSeconds(42), scores, log, 12.5, "runsc")) {
      throw new IllegalStateException("the seed submission could not be marked scored");
    }
    return submissions.find(new Document("_id", id)).first();
  }

  /** Scores of a noisy model of the demo's labels, computed by the evaluator's scorer. */
  private static ScoreReport realScores(Challenge challenge, Phase phase) throws IOException {
    Path bundle = Fixtures.repoRoot().resolve("challenges/" + challenge.slug());
    Path labels = bundle.resolve("hidden/test-labels.csv");
    Path predictions = Files.createTempFile("seed-predictions", ".csv");
    try {
      SplittableRandom random = new SplittableRandom(7);
      StringBuilder csv = new StringBuilder("id,malignant\n");
      for (String line : Files.readAllLines(labels).subList(1, Files.readAllLines(labels).size())) {
        String[] cells = line.split(",");
        double p = "M".equals(cells[1]) ? 0.55 + 0.45 * random.nextDouble() : 0.6 * random.nextDouble();
        csv.append(cells[0]).append(',').append(String.format(Locale.ROOT, "%.4f", p)).append('\n');
      }
      Files.writeString(predictions, csv);
      return Scorer.score(challenge.evaluationSpec(phase), labels, predictions);
    } catch (Exception e) {
      throw new IOException("the seed's scores could not be computed: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(predictions);
    }
  }

  /** A copy of the stored scored submission as another team's, later, with another primary score. */
  private static Document copy(Document template, int i, Team team, Instant start, SplittableRandom random) {
    Document d = Document.parse(template.toJson());
    Instant created = start.plus(Duration.ofMinutes(i));
    d.put("_id", String.format(Locale.ROOT, "sub_s%08d", i));
    d.put("teamId", team.id());
    d.put("teamName", team.name());
    d.put("createdAt", java.util.Date.from(created));
    d.put("startedAt", java.util.Date.from(created.plusSeconds(5)));
    d.put("finishedAt", java.util.Date.from(created.plusSeconds(42)));
    d.put("quotaDay", created.atZone(ZoneOffset.UTC).toLocalDate().toString());
    double score = 0.7 + 0.3 * random.nextDouble();
    if (d.containsKey("primaryPublic")) {
      d.put("primaryPublic", score);
    }
    Document scores = d.get("scores", Document.class);
    if (scores != null) {
      String primary = scores.getString("primaryMetric");
      for (String part : List.of("publicPart", "privatePart")) {
        Document metric = scores.get(part, Document.class).get("metrics", Document.class).get(primary, Document.class);
        double value = "privatePart".equals(part) ? Math.min(1, score + 0.02 * (random.nextDouble() - 0.5)) : score;
        metric.put("value", value);
      }
    }
    return d;
  }
}
