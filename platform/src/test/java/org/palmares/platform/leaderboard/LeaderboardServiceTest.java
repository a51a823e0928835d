package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.testing.Fixtures;

/** Ranking rules against the embedded database, with scores written directly. */
class LeaderboardServiceTest {
  @TempDir Path data;
  private MongoConnection mongo;
  private SubmissionRepository repository;
  private LeaderboardService boards;
  private Challenge challenge;
  private Phase fin;
  private Phase sanity;
  private Instant now = Instant.parse("2026-06-01T10:00:00Z");
  private int counter;

  @BeforeEach
  void setUp() throws Exception {
    mongo = MongoConnection.embedded(data.resolve("db"));
    repository = new SubmissionRepository(mongo.database());
    boards = new LeaderboardService(repository);
    challenge = Fixtures.demoChallenge();
    fin = challenge.phase("final").orElseThrow(); // best, 4 decimals
    sanity = challenge.phase("sanity").orElseThrow(); // latest, 2 decimals
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  /** A scored submission of {@code team} with these public and private ROC AUCs. */
  private String scored(Phase phase, String team, double publicAuc, double privateAuc) {
    return scored(phase, team, publicAuc, privateAuc, "member <m@example.org>");
  }

  private String scored(Phase phase, String team, double publicAuc, double privateAuc, String submittedBy) {
    String id = "s" + (++counter);
    now = now.plus(Duration.ofMinutes(1));
    repository.insert(new Submission(id, challenge.slug(), phase.name(), "id-" + team, team, submittedBy, "a".repeat(64),
        "sha256:" + "b".repeat(64), 1, SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase), now,
        null, null, null, null, true, null, null, null, null), "2026-06-01");
    Submission leased = repository.lease("w", null, now, now.plusSeconds(60)).orElseThrow();
    var report = Fixtures.scored(publicAuc, privateAuc);
    repository.markScored(leased.id(), "w", leased.attempt(), now, report.scores(), "", 1, "runc");
    return id;
  }

  @Test
  void eachTeamIsRankedByItsBestPublicScoreWithTiesSharingARank() {
    scored(fin, "alpha", 0.80, 0.70);
    scored(fin, "alpha", 0.90, 0.60);
    scored(fin, "beta", 0.85, 0.95);
    scored(fin, "gamma", 0.85, 0.50);

    Leaderboard board = boards.of(challenge, fin, LeaderboardService.Part.PUBLIC);

    assertThat(board.entries()).extracting(Leaderboard.Entry::team).containsExactly("alpha", "beta", "gamma");
    assertThat(board.entries()).extracting(Leaderboard.Entry::rank).containsExactly(1, 2, 2);
    assertThat(board.entries().get(0).score()).isEqualTo(0.9);
    assertThat(board.entries().get(0).submissions()).isEqualTo(2);
  }

  @Test
  void baselinesAreShownInPlaceButRankedAmongNoOne() {
    scored(fin, "alpha", 0.80, 0.7);
    scored(fin, "baseline-logreg", 0.95, 0.9, null); // seeded by the platform
    scored(fin, "baseline-mine", 0.90, 0.9); // a competitor's team may have such a name: still a team
    scored(fin, "beta", 0.70, 0.6);

    Leaderboard board = boards.of(challenge, fin, LeaderboardService.Part.PUBLIC);

    assertThat(board.entries()).extracting(Leaderboard.Entry::team)
        .containsExactly("baseline-logreg", "baseline-mine", "alpha", "beta");
    assertThat(board.entries()).extracting(Leaderboard.Entry::rank).containsExactly(0, 1, 2, 3);
    assertThat(board.entries()).extracting(Leaderboard.Entry::baseline).containsExactly(true, false, false, false);
  }

  @Test
  void everyMetricOfTheShownSubmissionIsOnTheLineRounded() {
    scored(fin, "alpha", 0.812345, 0.7);

    Leaderboard.Entry alpha = boards.of(challenge, fin, LeaderboardService.Part.PUBLIC).entries().get(0);

    assertThat(alpha.metrics()).containsOnlyKeys("roc_auc");
    assertThat(alpha.metrics().get("roc_auc")).isEqualTo(new Leaderboard.Cell(0.8123, 0.7623, 0.8623));
  }

  @Test
  void thePrivateBoardRanksTheSubmissionsChosenOnThePublicPart() {
    scored(fin, "alpha", 0.80, 0.99); // alpha's best private, but not its best public
    scored(fin, "alpha", 0.90, 0.60);
    scored(fin, "beta", 0.85, 0.70);

    Leaderboard board = boards.of(challenge, fin, LeaderboardService.Part.PRIVATE);

    assertThat(board.entries()).extracting(Leaderboard.Entry::team).containsExactly("beta", "alpha");
    assertThat(board.entries()).extracting(Leaderboard.Entry::score).containsExactly(0.7, 0.6);
  }

  @Test
  void aLatestRulePhaseKeepsTheNewestScoreAtItsOwnPrecision() {
    scored(sanity, "alpha", 0.91234, 0.5);
    scored(sanity, "alpha", 0.61789, 0.5);

    Leaderboard board = boards.of(challenge, sanity, LeaderboardService.Part.PUBLIC);

    assertThat(board.rule()).isEqualTo("latest");
    assertThat(board.entries()).singleElement().extracting(Leaderboard.Entry::score).isEqualTo(0.62);
  }

  @Test
  void aDisqualifiedSubmissionLeavesTheBoardOnceTheBoardIsInvalidated() {
    String best = scored(fin, "alpha", 0.95, 0.9);
    scored(fin, "alpha", 0.80, 0.8);
    assertThat(boards.of(challenge, fin, LeaderboardService.Part.PUBLIC).entries().get(0).score()).isEqualTo(0.95);

    repository.disqualify(best, "used the labels");
    boards.invalidate(challenge.slug());

    assertThat(boards.of(challenge, fin, LeaderboardService.Part.PUBLIC).entries().get(0).score()).isEqualTo(0.8);
  }

  @Test
  void boardsAreComputedOnceUntilSomethingChanges() {
    scored(fin, "alpha", 0.7, 0.7);
    Leaderboard first = boards.of(challenge, fin, LeaderboardService.Part.PUBLIC);
    scored(fin, "beta", 0.9, 0.9); // written without telling the service

    assertThat(boards.of(challenge, fin, LeaderboardService.Part.PUBLIC)).isSameAs(first);
    boards.invalidate(challenge.slug());
    assertThat(boards.of(challenge, fin, LeaderboardService.Part.PUBLIC).entries()).hasSize(2);
  }
}
