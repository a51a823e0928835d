package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ScoredUploads;

/**
 * The board's rank statistics over real HTTP: uploads through the API, reports of the evaluator's real scorer
 * (with their resample vectors) through the queue, then the board JSON and the challenge page a spectator reads.
 */
class BoardStatisticsHttpTest {
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    platform = ScoredUploads.platformWithoutEvaluator(work);
    http = new Http(platform.port());
    String strong = Fixtures.demoPredictions(0.6, 1);
    ScoredUploads.scoredForReal(platform, http, work, SLUG, "strong", strong);
    ScoredUploads.scoredForReal(platform, http, work, SLUG, "twin", strong.replace("0.9", "0.91"));
    ScoredUploads.scoredForReal(platform, http, work, SLUG, "weak", Fixtures.demoPredictions(2.5, 2));
    ScoredUploads.upload(platform, http, work, SLUG, "final", "image-scored", Fixtures.scored(0.5, 0.5));
  }

  private static HttpResponse<String> get(String path, String language) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .header("Accept-Language", language).build(), HttpResponse.BodyHandlers.ofString());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theBoardJsonCarriesRankIntervalsTheTiedGroupAndTheStability() throws Exception {
    HttpResponse<String> response = get("/api/challenges/" + SLUG + "/leaderboard?phase=final", "en");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject board = new JsonObject(response.body());
    assertThat(board.getJsonObject("stability").getInteger("resamples")).isEqualTo(1000);
    assertThat(board.getJsonObject("stability").getDouble("kendallTau")).isBetween(0.0, 1.0);
    assertThat(board.getJsonArray("unpaired")).containsExactly("image-scored");
    assertThat(board.getJsonObject("ranking").getString("method")).isEqualTo("primary");
    assertThat(board.getJsonObject("ranking").getString("ties")).contains("share the best rank");
    assertThat(board.getJsonObject("ranking").getBoolean("ladder")).isFalse();
    JsonArray entries = board.getJsonArray("entries");
    JsonObject leader = entries.getJsonObject(0);
    assertThat(leader.getString("team")).isIn("strong", "twin");
    assertThat(leader.getInteger("rankLow")).isEqualTo(1);
    assertThat(leader.getBoolean("tiedForFirst")).isTrue();
    assertThat(leader.getJsonObject("diffToLeader").getDouble("estimate")).isZero();
    JsonObject second = entries.getJsonObject(1);
    assertThat(second.getString("team")).isIn("strong", "twin");
    assertThat(second.getBoolean("tiedForFirst")).isTrue();
    assertThat(leader.getDouble("pFirst") + second.getDouble("pFirst")).isGreaterThan(0.98);
    JsonObject weak = entries.getJsonObject(2);
    assertThat(weak.getString("team")).isEqualTo("weak");
    assertThat(weak.getBoolean("tiedForFirst")).isFalse();
    assertThat(weak.getInteger("rankLow")).isEqualTo(3);
    assertThat(weak.getJsonObject("diffToLeader").getDouble("high")).isNegative();
    JsonObject image = entries.getJsonObject(3);
    assertThat(image.getString("team")).isEqualTo("image-scored");
    for (String field : new String[] {"rankLow", "rankHigh", "pFirst", "diffToLeader", "tiedForFirst"}) {
      assertThat(image.containsKey(field)).as(field).isTrue();
      assertThat(image.getValue(field)).as(field).isNull();
    }
  }

  @Test
  void theChallengePageShowsTheRankIntervalsTheTiedMarkAndTheStabilityNoteInBothLanguages() throws Exception {
    JsonObject board = new JsonObject(get("/api/challenges/" + SLUG + "/leaderboard?phase=final", "en").body());
    JsonObject weak = board.getJsonArray("entries").getJsonObject(2);
    String weakInterval = weak.getInteger("rankLow").equals(weak.getInteger("rankHigh"))
        ? String.valueOf(weak.getInteger("rankLow")) : weak.getInteger("rankLow") + "–" + weak.getInteger("rankHigh");
    String tau = String.format(java.util.Locale.ROOT, "%.2f", board.getJsonObject("stability").getDouble("kendallTau"));

    String en = get("/challenges/" + SLUG + "?phase=final", "en").body();
    assertThat(en).contains("Rank interval").contains("data-value=\"3\">" + weakInterval + "</td>")
        .contains("<span class=\"tau\">" + tau + "</span>").contains("<span class=\"resamples\">1000</span>")
        .doesNotContain("class=\"note stability\" hidden");
    assertThat(en.split("class=\"badge tied\"", -1)).as("two teams tied for first").hasSize(3);
    String fr = get("/challenges/" + SLUG + "?phase=final", "fr").body();
    assertThat(fr).contains("Intervalle de rang").contains("ex æquo en tête")
        .contains("<span class=\"tau\">" + tau.replace('.', ',') + "</span>");
  }
}
