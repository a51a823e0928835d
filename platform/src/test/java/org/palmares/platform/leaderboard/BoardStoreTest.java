package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.testing.Fixtures;

/**
 * Boards kept as documents, updated through the queue's real verbs (lease, report, disqualify,
 * re-run) against the embedded database: the ranking rules, and that a board follows each change
 * without being computed again from the submissions.
 */
class BoardStoreTest {
  @TempDir Path data;
  private MongoConnection mongo;
  private SubmissionRepository repository;
  private SubmissionService queue;
  private BoardStore boards;
  private Challenge challenge;
  private Phase fin;
  private Phase sanity;
  private Instant now = Instant.parse("2026-06-01T10:00:00Z");
  private int counter;
  private int phaseReads;

  @BeforeEach
  void setUp() throws Exception {
    mongo = MongoConnection.embedded(data.resolve("db"));
    repository = new SubmissionRepository(mongo.database());
    challenge = Fixtures.demoChallenge();
    fin = challenge.phase("final").orElseThrow(); // best, 4 decimals
    sanity = challenge.phase("sanity").orElseThrow(); // latest, 2 decimals
    boards = store();
    boards.open(List.of(challenge));
    queue = new SubmissionService(repository, new BlobStore(data.resolve("blobs")),
        new SubmissionService.QueueSettings(Duration.ofMinutes(1), 3), Clock.fixed(now, ZoneOffset.UTC), boards);
  }

  private BoardStore store() {
    return new BoardStore(mongo.database(), new BoardStore.Archive() {
      @Override
      public Optional<Submission> find(String id) {
        return repository.find(id);
      }

      @Override
      public void forEachOfPhase(String c, String phase, Consumer<Submission> each) {
        phaseReads++;
        repository.forEachOfPhase(c, phase, each);
      }
    }, slug -> Optional.of(challenge), b -> Buffer.buffer(b.toString()));
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  /** A submission of {@code team} queued, leased and scored through the queue. */
  private String scored(Phase phase, String team, double publicAuc, double privateAuc) {
    String id = queued(phase, team);
    Job job = queue.lease("w", null).orElseThrow();
    assertThat(job.submissionId()).isEqualTo(id);
    assertThat(queue.report(id, "w", job.attempt(), Fixtures.scored(publicAuc, privateAuc)))
        .isEqualTo(SubmissionService.ReportResult.ACCEPTED);
    return id;
  }

  private String queued(Phase phase, String team) {
    String id = "s" + (++counter);
    now = now.plus(Duration.ofMinutes(1));
    repository.insert(new Submission(id, challenge.slug(), phase.name(), "id-" + team, team, null, "a".repeat(64),
        "sha256:" + "b".repeat(64), 1, SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase), now,
        null, null, null, null, true, null, null, null, null), "2026-06-01");
    boards.changed(id); // as SubmissionService#submit does
    return id;
  }

  private Leaderboard board(Phase phase, LeaderboardService.Part part) {
    return boards.of(challenge, phase, part);
  }

  /** A submission of {@code team} scored through the queue by the evaluator's real scorer, with its vectors. */
  private String scoredForReal(Phase phase, String team, String predictionsCsv) throws Exception {
    var report = Fixtures.scoredForReal(challenge.evaluationSpec(phase), data, predictionsCsv);
    String id = queued(phase, team);
    Job job = queue.lease("w", null).orElseThrow();
    assertThat(queue.report(id, "w", job.attempt(), report)).isEqualTo(SubmissionService.ReportResult.ACCEPTED);
    return id;
  }

  private static String predictions(double noise, long seed) throws Exception {
    return Fixtures.demoPredictions(noise, seed);
  }

  @Test
  void theBoardCarriesTheRankStatisticsOfItsTeamsPairedVectors() throws Exception {
    String strong = predictions(0.6, 1);
    String twin = strong.replace("0.9", "0.91"); // a near-copy of the strong model
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    ids.put("strong", scoredForReal(fin, "strong", strong));
    ids.put("twin", scoredForReal(fin, "twin", twin));
    ids.put("weak", scoredForReal(fin, "weak", predictions(2.5, 2)));
    scored(fin, "image-scored", 0.5, 0.5); // a scoring image's report: no vectors

    for (LeaderboardService.Part part : LeaderboardService.Part.values()) {
      Leaderboard board = board(fin, part);
      List<Leaderboard.Entry> paired = board.entries().stream().filter(e -> ids.containsKey(e.team())).toList();
      // the same figures, computed here from the stored vectors in the board's order
      var stored = new org.palmares.platform.submission.ResampleVectors(mongo.database())
          .of(List.copyOf(ids.values()), part.label());
      List<PairedVectors.Input> inputs = paired.stream().map(e -> {
        var v = stored.get(ids.get(e.team()));
        return new PairedVectors.Input(e.team(), e.score(), v.resampling(), v.values().get("roc_auc"));
      }).toList();
      RankStatistics.Board expected = RankStatistics.of(PairedVectors.align(inputs).paired(), true);

      assertThat(expected.resamples()).isEqualTo(1000);
      for (int i = 0; i < paired.size(); i++) {
        Leaderboard.Entry e = paired.get(i);
        RankStatistics.TeamStatistics t = expected.teams().get(i);
        assertThat(e.rankLow()).as(e.team()).isEqualTo(t.rankLow());
        assertThat(e.rankHigh()).as(e.team()).isEqualTo(t.rankHigh());
        assertThat(e.tiedForFirst()).as(e.team()).isEqualTo(t.tiedForFirst());
        assertThat(e.pFirst()).as(e.team()).isEqualTo(LeaderboardService.round(t.pFirst(), 2));
        assertThat(e.diffToLeader().low()).isEqualTo(LeaderboardService.round(t.toLeader().low(), 4));
        assertThat(e.diffToLeader().high()).isEqualTo(LeaderboardService.round(t.toLeader().high(), 4));
      }
      assertThat(paired.stream().filter(e -> e.tiedForFirst()).map(Leaderboard.Entry::team))
          .containsExactlyInAnyOrder("strong", "twin");
      Leaderboard.Entry weak = paired.stream().filter(e -> e.team().equals("weak")).findFirst().orElseThrow();
      assertThat(weak.rankLow()).isEqualTo(3);
      assertThat(board.stability().resamples()).isEqualTo(1000);
      assertThat(board.stability().kendallTau()).isEqualTo(LeaderboardService.round(expected.kendallTau(), 2));
      assertThat(board.stability().unpaired()).containsExactly("image-scored");
      Leaderboard.Entry image = board.entries().stream().filter(e -> e.team().equals("image-scored")).findFirst()
          .orElseThrow();
      assertThat(image.rankLow()).isNull();
      assertThat(image.pFirst()).isNull();
      assertThat(image.diffToLeader()).isNull();
      assertThat(image.tiedForFirst()).isNull();
    }
  }

  @Test
  void aRestartedPlatformComputesTheRankStatisticsOfTheStoredBoard() throws Exception {
    scoredForReal(fin, "strong", predictions(0.6, 1));
    scoredForReal(fin, "weak", predictions(2.5, 2));
    Leaderboard before = board(fin, LeaderboardService.Part.PUBLIC);

    BoardStore restarted = store();
    restarted.open(List.of(challenge));

    Leaderboard after = restarted.of(challenge, fin, LeaderboardService.Part.PUBLIC);
    assertThat(before.stability()).isNotNull();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aBoardWithoutVectorsHasNoStabilityFigure() {
    scored(fin, "alpha", 0.9, 0.9);
    scored(fin, "beta", 0.8, 0.8);

    Leaderboard board = board(fin, LeaderboardService.Part.PUBLIC);

    assertThat(board.stability()).isNull();
    assertThat(board.entries()).allSatisfy(e -> assertThat(e.rankLow()).isNull());
  }

  /** The boards' challenge becomes a copy of the demo whose final phase has {@code line} (a new bundle version). */
  private void finalPhaseDeclares(String line) throws Exception {
    challenge = org.palmares.platform.challenge.ChallengeCatalog.readBundle(org.palmares.platform.testing.Bundles
        .demoCopy(data.resolve("bundles"), challenge.slug(), yaml -> yaml.replace("    leaderboard: best\n",
            "    leaderboard: best\n    " + line + "\n")));
    fin = challenge.phase("final").orElseThrow();
  }

  /** A report whose two parts carry the same ROC AUC and accuracy (no vectors). */
  private static org.palmares.evaluator.protocol.JobReport scored(double auc, double accuracy) {
    Map<String, org.palmares.evaluator.scoring.MetricValue> metrics = new java.util.LinkedHashMap<>();
    metrics.put("roc_auc", new org.palmares.evaluator.scoring.MetricValue(auc, null, null));
    metrics.put("accuracy", new org.palmares.evaluator.scoring.MetricValue(accuracy, null, null));
    var part = new org.palmares.evaluator.scoring.SplitScores(100, 40, metrics);
    return new org.palmares.evaluator.protocol.JobReport("SUCCEEDED", "ok", false,
        new org.palmares.evaluator.scoring.ScoreReport("roc_auc", part, part), "log tail", 1.5);
  }

  @Test
  void aDeclaredRankingOrdersTheBoardByTheMeanRankOverItsMetricsAndStatesItsTieRules() throws Exception {
    finalPhaseDeclares("ranking: {method: rank-then-aggregate, metrics: [roc_auc, accuracy]}");
    for (Object[] team : new Object[][] {{"alpha", 0.90, 0.60}, {"beta", 0.85, 0.80}, {"gamma", 0.80, 0.70},
        {"delta", 0.80, 0.70}}) {
      String id = queued(fin, (String) team[0]);
      Job job = queue.lease("w", null).orElseThrow();
      assertThat(queue.report(id, "w", job.attempt(), scored((double) team[1], (double) team[2])))
          .isEqualTo(SubmissionService.ReportResult.ACCEPTED);
    }

    Leaderboard board = board(fin, LeaderboardService.Part.PUBLIC);

    // mean ranks: beta (2 + 1) / 2 = 1.5, alpha (1 + 4) / 2 = 2.5, gamma and delta (3 + 2) / 2 = 2.5
    assertThat(board.entries()).extracting(Leaderboard.Entry::team).containsExactly("beta", "alpha", "gamma", "delta");
    assertThat(board.entries()).extracting(Leaderboard.Entry::rank).containsExactly(1, 2, 2, 2);
    assertThat(board.ranking()).isEqualTo(new Leaderboard.Rule("rank-then-aggregate", List.of("roc_auc", "accuracy"),
        Ranking.TIES, false));
  }

  @Test
  void aPhaseWithItsOwnMetricsIsRankedByItsOwnPrimaryMetric() throws Exception {
    finalPhaseDeclares("metrics: [accuracy, roc_auc]");
    for (Object[] team : new Object[][] {{"alpha", 0.90, 0.60}, {"beta", 0.85, 0.80}}) {
      String id = queued(fin, (String) team[0]);
      Job job = queue.lease("w", null).orElseThrow();
      assertThat(queue.report(id, "w", job.attempt(), scored((double) team[1], (double) team[2])))
          .isEqualTo(SubmissionService.ReportResult.ACCEPTED);
    }

    Leaderboard board = board(fin, LeaderboardService.Part.PUBLIC);

    assertThat(board.metric()).isEqualTo("accuracy");
    assertThat(board.entries()).extracting(Leaderboard.Entry::team).containsExactly("beta", "alpha");
    assertThat(board.ranking().metrics()).containsExactly("accuracy");
    BoardStore restarted = store();
    restarted.open(List.of(challenge));
    assertThat(restarted.of(challenge, fin, LeaderboardService.Part.PUBLIC)).as("the stored board, reopened")
        .isEqualTo(board);
  }

  @Test
  void aBoardWithoutDeclaredRankingStatesThePrimaryMetricAsItsRule() {
    scored(fin, "alpha", 0.9, 0.9);

    assertThat(board(fin, LeaderboardService.Part.PUBLIC).ranking())
        .isEqualTo(new Leaderboard.Rule("primary", List.of("roc_auc"), Ranking.TIES, false));
  }

  private static RankStatistics.TeamResamples[] paired(org.palmares.evaluator.scoring.ScoreReport... reports) {
    List<PairedVectors.Input> inputs = new ArrayList<>();
    for (var r : reports) {
      inputs.add(new PairedVectors.Input("s" + inputs.size(), r.publicPart().metrics().get("roc_auc").value(),
          r.publicPart().resampling(), r.publicPart().resampleValues().get("roc_auc")));
    }
    return PairedVectors.align(inputs).paired().toArray(RankStatistics.TeamResamples[]::new);
  }

  @Test
  void onALadderPhaseAHigherPublicScoreWithinTheNoiseDoesNotMoveTheBoardAndAClearGainDoes() throws Exception {
    finalPhaseDeclares("ladder: true");
    var spec = challenge.evaluationSpec(fin);
    String strong = predictions(0.6, 1);
    var strongReport = Fixtures.scoredForReal(spec, data, strong).scores();
    // a variant of the strong model whose public score is higher, by less than the noise of the paired comparison
    String variant = null;
    for (long seed = 10; variant == null; seed++) {
      String candidate = blur(strong, seed);
      var r = Fixtures.scoredForReal(spec, data, candidate).scores();
      var p = paired(strongReport, r);
      double gain = r.publicPart().metrics().get("roc_auc").value() - strongReport.publicPart().metrics().get("roc_auc").value();
      if (gain > 0 && !Ladder.step(new Ladder.Scored("a", p[0].point(), p[0].resamples()), 0,
          new Ladder.Scored("b", p[1].point(), p[1].resamples()), true, 4).improved()) {
        variant = candidate;
      }
    }
    String first = scoredForReal(fin, "alpha", strong);
    scoredForReal(fin, "alpha", variant);
    String weak = scoredForReal(fin, "beta", predictions(2.5, 2));
    String clear = scoredForReal(fin, "beta", strong);

    Leaderboard board = board(fin, LeaderboardService.Part.PUBLIC);

    Leaderboard.Entry alpha = board.entries().stream().filter(e -> e.team().equals("alpha")).findFirst().orElseThrow();
    Leaderboard.Entry beta = board.entries().stream().filter(e -> e.team().equals("beta")).findFirst().orElseThrow();
    assertThat(alpha.scoredSubmissionAt()).as("the ladder keeps alpha's first").isEqualTo(createdAt(first));
    assertThat(beta.scoredSubmissionAt()).as("a clear gain replaces beta's first").isEqualTo(createdAt(clear))
        .isNotEqualTo(createdAt(weak));
    assertThat(alpha.score()).isEqualTo(beta.score()); // the same predictions
    assertThat(board.ranking().ladder()).isTrue();
  }

  private Instant createdAt(String id) {
    return repository.find(id).orElseThrow().createdAt();
  }

  /** {@code csv}'s scores with a little noise on the logit scale, drawn from {@code seed}. */
  private static String blur(String csv, long seed) {
    java.util.Random rng = new java.util.Random(seed);
    StringBuilder out = new StringBuilder();
    for (String line : csv.split("\n")) {
      String[] cells = line.split(",");
      if (cells[0].equals("id")) {
        out.append(line).append('\n');
        continue;
      }
      double p = Double.parseDouble(cells[1]);
      double logit = Math.log(p / (1 - p)) + 0.1 * rng.nextGaussian();
      out.append(cells[0]).append(',').append(1 / (1 + Math.exp(-logit))).append('\n');
    }
    return out.toString();
  }

  @Test
  void eachTeamIsRankedByItsBestPublicScoreWithTiesSharingARank() {
    scored(fin, "alpha", 0.80, 0.70);
    scored(fin, "alpha", 0.90, 0.60);
    scored(fin, "beta", 0.85, 0.95);
    scored(fin, "gamma", 0.85, 0.50);

    Leaderboard board = board(fin, LeaderboardService.Part.PUBLIC);

    assertThat(board.entries()).extracting(Leaderboard.Entry::team).containsExactly("alpha", "beta", "gamma");
    assertThat(board.entries()).extracting(Leaderboard.Entry::rank).containsExactly(1, 2, 2);
    assertThat(board.entries().get(0).score()).isEqualTo(0.9);
    assertThat(board.entries().get(0).submissions()).isEqualTo(2);
  }

  @Test
  void thePrivateBoardRanksTheSubmissionsChosenOnThePublicPart() {
    scored(fin, "alpha", 0.80, 0.99); // alpha's best private, but not its best public
    scored(fin, "alpha", 0.90, 0.60);
    scored(fin, "beta", 0.85, 0.70);

    Leaderboard board = board(fin, LeaderboardService.Part.PRIVATE);

    assertThat(board.entries()).extracting(Leaderboard.Entry::team).containsExactly("beta", "alpha");
    assertThat(board.entries()).extracting(Leaderboard.Entry::score).containsExactly(0.7, 0.6);
  }

  @Test
  void aLatestRulePhaseKeepsTheNewestScoreAtItsOwnPrecision() {
    scored(sanity, "alpha", 0.91234, 0.5);
    scored(sanity, "alpha", 0.61789, 0.5);

    Leaderboard board = board(sanity, LeaderboardService.Part.PUBLIC);

    assertThat(board.rule()).isEqualTo("latest");
    assertThat(board.entries()).singleElement().extracting(Leaderboard.Entry::score).isEqualTo(0.62);
  }

  @Test
  void aDisqualifiedBestSubmissionLeavesTheBoardAndTheTeamsNextBestTakesItsPlace() {
    String best = scored(fin, "alpha", 0.95, 0.9);
    scored(fin, "alpha", 0.80, 0.8);
    assertThat(board(fin, LeaderboardService.Part.PUBLIC).entries().get(0).score()).isEqualTo(0.95);

    assertThat(queue.disqualify(best, "used the labels")).isTrue();

    Leaderboard after = board(fin, LeaderboardService.Part.PUBLIC);
    assertThat(after.entries()).singleElement().satisfies(e -> {
      assertThat(e.score()).isEqualTo(0.8);
      assertThat(e.submissions()).isEqualTo(1);
    });
  }

  @Test
  void aRerunTakesTheSubmissionOffTheBoardUntilItIsScoredAgain() {
    String only = scored(fin, "alpha", 0.95, 0.9);

    assertThat(queue.rerun(only, challenge.evaluationSpec(fin))).isTrue();
    assertThat(board(fin, LeaderboardService.Part.PUBLIC).entries()).isEmpty();

    Job again = queue.lease("w2", null).orElseThrow();
    queue.report(only, "w2", again.attempt(), Fixtures.scored(0.7, 0.7));
    assertThat(board(fin, LeaderboardService.Part.PUBLIC).entries()).singleElement()
        .extracting(Leaderboard.Entry::score).isEqualTo(0.7);
  }

  @Test
  void aReportFromALeaseNoLongerHeldDoesNotReachTheBoard() {
    String id = queued(fin, "alpha");
    Job job = queue.lease("w", null).orElseThrow();

    assertThat(queue.report(id, "w", job.attempt() + 1, Fixtures.scored(0.99, 0.99)))
        .isEqualTo(SubmissionService.ReportResult.STALE_LEASE);

    assertThat(board(fin, LeaderboardService.Part.PUBLIC).entries()).isEmpty();
  }

  @Test
  void aReportFromTheHolderIsOnTheBoardBeforeItsStatusIsStored() {
    String id = queued(fin, "alpha");
    Job job = queue.lease("w", null).orElseThrow();
    List<SubmissionStatus> storedWhenBoardChanged = new ArrayList<>();
    boards.onChange(change -> storedWhenBoardChanged.add(repository.find(id).orElseThrow().status()));

    queue.report(id, "w", job.attempt(), Fixtures.scored(0.9, 0.9));

    // the first change of the board happened while the submission was still RUNNING in the database
    assertThat(storedWhenBoardChanged).first().isEqualTo(SubmissionStatus.RUNNING);
    assertThat(board(fin, LeaderboardService.Part.PUBLIC).entries()).singleElement()
        .extracting(Leaderboard.Entry::score).isEqualTo(0.9);
  }

  @Test
  void everyChangeGivesANewVersionAndTagAndAnUnchangedBoardKeepsItsBytes() {
    scored(fin, "alpha", 0.7, 0.7);
    BoardView first = boards.view(challenge, fin, LeaderboardService.Part.PUBLIC);
    assertThat(boards.view(challenge, fin, LeaderboardService.Part.PUBLIC)).isSameAs(first);

    scored(fin, "beta", 0.9, 0.9);

    BoardView second = boards.view(challenge, fin, LeaderboardService.Part.PUBLIC);
    assertThat(second.version()).isGreaterThan(first.version());
    assertThat(second.etag()).isNotEqualTo(first.etag()).startsWith("\"").endsWith("\"");
    assertThat(second.board().entries()).hasSize(2);
  }

  @Test
  void aRestartedPlatformServesTheStoredBoardWithoutReadingTheSubmissionsAgain() {
    scored(fin, "alpha", 0.8, 0.7);
    scored(fin, "beta", 0.9, 0.6);
    BoardView before = boards.view(challenge, fin, LeaderboardService.Part.PUBLIC);
    int readsBefore = phaseReads;

    BoardStore restarted = store();
    restarted.open(List.of(challenge));

    assertThat(phaseReads).isEqualTo(readsBefore);
    BoardView after = restarted.view(challenge, fin, LeaderboardService.Part.PUBLIC);
    assertThat(after.board()).isEqualTo(before.board());
    assertThat(after.etag()).isEqualTo(before.etag());
    assertThat(after.version()).isEqualTo(before.version());
  }

  @Test
  void aDataFolderWithoutBoardsGetsThemBuiltOnceFromItsSubmissions() {
    scored(fin, "alpha", 0.8, 0.7);
    scored(fin, "beta", 0.9, 0.6);
    Leaderboard expected = board(fin, LeaderboardService.Part.PUBLIC);
    mongo.database().getCollection(BoardRepository.BOARDS).drop();
    mongo.database().getCollection(BoardRepository.TEAMS).drop();

    BoardStore migrated = store();
    migrated.open(List.of(challenge));
    int reads = phaseReads;
    BoardStore again = store();
    again.open(List.of(challenge));

    assertThat(migrated.of(challenge, fin, LeaderboardService.Part.PUBLIC)).isEqualTo(expected);
    assertThat(phaseReads).as("built once, not at every start").isEqualTo(reads);
  }
}
