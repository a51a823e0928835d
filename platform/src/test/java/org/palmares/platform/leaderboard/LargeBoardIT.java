package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.bench.ScaleSeed;

/**
 * A phase with more submissions than one database reply can carry (30,000 copies of a real scored
 * submission, {@link ScaleSeed}; about 55 MB: the driver refuses replies over 48 MB). The board
 * must still answer, through the real HTTP server, with each team's best submission.
 */
class LargeBoardIT {
  private static final int TEAMS = 300;
  private static final int PER_TEAM = 100;
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  private static Platform platform;
  /** The best public score seeded. */
  private static double best;
  private static Http http;

  @BeforeAll
  static void seedThenStart() throws Exception {
    Path data = work.resolve("data");
    Challenge demo = Fixtures.demoChallenge();
    try (MongoConnection mongo = MongoConnection.open(null, DataFolder.open(data))) {
      ScaleSeed.seed(mongo.database(), demo, new ScaleSeed.Plan(TEAMS * PER_TEAM, TEAMS, 0,
          Instant.parse("2026-03-01T00:00:00Z")));
      for (org.bson.Document d : mongo.database().getCollection("submissions").find()
          .projection(new org.bson.Document("primaryPublic", 1))) {
        best = Math.max(best, d.getDouble("primaryPublic"));
      }
    }
    platform = Platform.start(Platform.Settings.defaults(data, Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aBoardOverThirtyThousandSubmissionsShowsEachTeamsBestScore() throws Exception {
    HttpResponse<String> answer = http.get("/api/challenges/" + SLUG + "/leaderboard?phase=final", null);

    assertThat(answer.statusCode()).as(answer.body().substring(0, Math.min(300, answer.body().length())))
        .isEqualTo(200);
    JsonArray entries = new JsonObject(answer.body()).getJsonArray("entries");
    assertThat(entries).hasSize(TEAMS);
    JsonObject first = entries.getJsonObject(0);
    assertThat(first.getDouble("score")).isEqualTo(LeaderboardService.round(best, 4));
    assertThat(entries.stream().map(JsonObject.class::cast).mapToInt(e -> e.getInteger("submissions")))
        .allMatch(n -> n == PER_TEAM);
  }
}
