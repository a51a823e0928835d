package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.Pooling;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.Platform;
import org.palmares.platform.leaderboard.PooledScore;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;

/**
 * A multi-site challenge's boards over real HTTP, on the embedded database, without Docker: uploads
 * through the API, each site's result leased and reported through the queue at that site as its
 * evaluator would. The per-site boards and the pooled board change per site result (new bytes, new
 * tag; 304 while unchanged), the pooled board is provisional until every site has finished and then
 * complete, and says how each metric was pooled (random effects on the logit scale for ROC AUC,
 * pooled counts for accuracy).
 */
class SiteBoardsHttpTest {
  private static final String SLUG = "two-sites";
  private static final String RANKS_PROVISIONAL = "two-sites-provisional";
  /** A challenge of its own for the test that reads the board's complete state (the others leave results pending). */
  private static final String ALONE = "two-sites-alone";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static HttpClient client;
  private static int uploads;

  @BeforeAll
  static void start() throws Exception {
    Path challenges = Files.createDirectories(work.resolve("challenges"));
    Bundles.demoCopy(challenges, "one-site", yaml -> yaml);
    twoSiteCopy(challenges, SLUG);
    twoSiteCopy(challenges, ALONE);
    Path other = twoSiteCopy(challenges, RANKS_PROVISIONAL);
    Path yaml = other.resolve("challenge.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("  - name: final\n",
        "  - name: final\n    pooled: {rankProvisional: true}\n"));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    startPlatform();
  }

  /** The platform on {@code work/data} (again, after a restart: the same data folder). */
  private static void startPlatform() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), work.resolve("challenges")).withPort(0)
        .withEmbeddedEvaluator(false), EdgeLimits.defaults());
    http = new Http(platform.port());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  /** The demo declared as a two-site challenge (nl, de), as the platform holds it: without its hidden folder. */
  private static Path twoSiteCopy(Path root, String slug) throws Exception {
    Path dir = Bundles.demoCopy(root, slug, yaml -> yaml + """

        sites:
          - name: nl
            title: {en: Rotterdam tumour bank (Netherlands), fr: Banque de tumeurs de Rotterdam (Pays-Bas)}
            country: NL
          - name: de
            title: {en: GBSG trial (Germany), fr: Essai GBSG (Allemagne)}
            country: DE
        """);
    try (var files = Files.walk(dir.resolve("hidden"))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    return dir;
  }

  private static String board(String slug, String site) {
    return "/api/challenges/" + slug + "/leaderboard?phase=final" + (site == null ? "" : "&site=" + site);
  }

  private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path));
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(String path) throws Exception {
    HttpResponse<String> r = get(path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** A new team's upload to the final phase of {@code slug}: its id. */
  private static String upload(String slug, String team) throws Exception {
    String token = People.competitor(platform, slug, team);
    Path image = ImageArchives.fake(work.resolve("image-" + (++uploads) + ".tar"), 2048 + uploads);
    HttpResponse<String> accepted = http.upload(slug, "final", token, HttpRequest.BodyPublishers.ofFile(image));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return new JsonObject(accepted.body()).getString("id");
  }

  /** The evaluation of {@code id} at {@code site}, leased and reported there as its evaluator would. */
  private static void scoredAt(String site, String id, JobReport report) {
    SubmissionService queue = platform.submissions();
    // other tests' evaluations at this site may be queued before it: they stay leased (still pending there)
    Job job = queue.lease(site + "-worker", null, null, site).orElseThrow();
    while (!job.submissionId().equals(id)) {
      job = queue.lease(site + "-worker", null, null, site).orElseThrow();
    }
    assertThat(queue.report(id, site, site + "-worker", job.attempt(), report))
        .isEqualTo(SubmissionService.ReportResult.ACCEPTED);
  }

  /** A site's scores: ROC AUC with its interval, accuracy as a share of {@code cases}, on both parts. */
  private static JobReport scores(double auc, double low, double high, int correct, int cases, int positives) {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    metrics.put("roc_auc", new MetricValue(auc, new Interval(low, high, 1000), null));
    metrics.put("accuracy", new MetricValue((double) correct / cases,
        new Interval((double) correct / cases - 0.05, Math.min(1, (double) correct / cases + 0.05), 1000), null));
    SplitScores part = new SplitScores(cases, positives, metrics);
    return new JobReport("SUCCEEDED", "ok", false, new ScoreReport("roc_auc", part, part), "log tail", 1.0);
  }

  @Test
  void eachSiteResultUpdatesItsSiteBoardAndThePooledBoardWhichIsProvisionalThenComplete() throws Exception {
    String id = upload(ALONE, "team-pooled");
    JsonObject pooledBefore = json(board(ALONE, null));
    assertThat(pooledBefore.getString("site")).isEqualTo("pooled");
    assertThat(pooledBefore.getJsonArray("sites")).containsExactly("nl", "de");

    scoredAt("nl", id, scores(0.80, 0.74, 0.85, 80, 100, 40));
    JsonObject nl = json(board(ALONE, "nl"));
    assertThat(nl.getString("site")).isEqualTo("nl");
    JsonObject nlLine = entry(nl, "team-pooled");
    assertThat(nlLine.getDouble("score")).isEqualTo(0.8);
    assertThat(nlLine.getJsonArray("ci95")).containsExactly(0.74, 0.85);
    assertThat(entry(json(board(ALONE, "de")), "team-pooled")).as("not scored at de yet").isNull();

    HttpResponse<String> provisional = get(board(ALONE, "pooled"), null);
    JsonObject pooled = new JsonObject(provisional.body());
    assertThat(pooled.getBoolean("complete")).isFalse();
    assertThat(entry(pooled, "team-pooled")).as("a provisional result is not ranked").isNull();
    JsonObject waiting = pooled.getJsonArray("provisional").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("team").equals("team-pooled")).findFirst().orElseThrow();
    assertThat(waiting.getJsonArray("pending")).containsExactly("de");
    assertThat(waiting.getBoolean("ranked")).isFalse();
    String provisionalTag = provisional.headers().firstValue("ETag").orElseThrow();
    assertThat(get(board(ALONE, "pooled"), provisionalTag).statusCode()).isEqualTo(304);

    scoredAt("de", id, scores(0.70, 0.62, 0.77, 150, 200, 60));
    HttpResponse<String> after = get(board(ALONE, "pooled"), provisionalTag);
    assertThat(after.statusCode()).as("the pooled board changed with de's result").isEqualTo(200);
    JsonObject complete = new JsonObject(after.body());
    assertThat(complete.getBoolean("complete")).isTrue();
    assertThat(complete.getJsonArray("provisional")).isEmpty();
    JsonObject line = entry(complete, "team-pooled");
    assertThat(line.getInteger("rank")).isEqualTo(1);
    PooledScore expected = PooledScore.of(Pooling.LOGIT, List.of(
        new PooledScore.SiteFigure(0.80, 0.74, 0.85, 100, 40), new PooledScore.SiteFigure(0.70, 0.62, 0.77, 200, 60)));
    assertThat(line.getDouble("score")).isCloseTo(expected.value(), within(1e-4));
    assertThat(line.getJsonArray("ci95").getDouble(0)).isCloseTo(expected.low(), within(1e-4));
    JsonObject how = line.getJsonObject("pooled");
    assertThat(how.getString("method")).isEqualTo("random-effects-reml");
    assertThat(how.getString("scale")).isEqualTo("logit");
    assertThat(how.getDouble("tau2")).isCloseTo(expected.tau2(), within(1e-6));
    assertThat(how.getDouble("i2")).isCloseTo(expected.i2(), within(0.05));
    assertThat(how.getJsonArray("sites")).containsExactly("nl", "de");
    assertThat(how.getBoolean("provisional")).isFalse();
    // accuracy pools exactly from counts: (80 + 150) / (100 + 200), and the board says so
    assertThat(line.getJsonObject("metrics").getJsonObject("accuracy").getDouble("value"))
        .isEqualTo(LeaderboardRound.of(230.0 / 300));
    JsonObject methods = complete.getJsonObject("pooling").getJsonObject("metrics");
    assertThat(methods.getJsonObject("accuracy").getString("method")).isEqualTo("pooled-counts");
    assertThat(methods.getJsonObject("roc_auc").getString("method")).isEqualTo("random-effects-reml");
    assertThat(methods.getJsonObject("roc_auc").getString("scale")).isEqualTo("logit");
    assertThat(complete.getJsonObject("pooling").getBoolean("rankProvisional")).isFalse();
    assertThat(entry(json(board(ALONE, "de")), "team-pooled").getDouble("score")).isEqualTo(0.7);
  }

  @Test
  void aPhaseThatRanksProvisionalResultsRanksThemMarkedProvisional() throws Exception {
    String id = upload(RANKS_PROVISIONAL, "team-early");
    scoredAt("nl", id, scores(0.77, 0.70, 0.83, 70, 100, 40));
    JsonObject pooled = json(board(RANKS_PROVISIONAL, "pooled"));
    assertThat(pooled.getBoolean("complete")).isFalse();
    assertThat(pooled.getJsonObject("pooling").getBoolean("rankProvisional")).isTrue();
    JsonObject line = entry(pooled, "team-early");
    assertThat(line.getInteger("rank")).isEqualTo(1);
    assertThat(line.getDouble("score")).isEqualTo(0.77);
    assertThat(line.getJsonObject("pooled").getBoolean("provisional")).isTrue();
    assertThat(line.getJsonObject("pooled").getJsonArray("pending")).containsExactly("de");
  }

  @Test
  void anUnknownSiteIsRefusedWithTheBoardsItHas() throws Exception {
    HttpResponse<String> r = get(board(SLUG, "qc"), null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("bad_site").contains("nl, de");
    HttpResponse<String> single = get(board("one-site", "nl"), null);
    assertThat(single.statusCode()).isEqualTo(400);
    assertThat(single.body()).contains("bad_site");
    assertThat(get(board("one-site", null), null).statusCode()).isEqualTo(200);
  }

  @Test
  void thePageShowsTheSiteTabsAndThePooledBoardsStatementInEnglishAndFrench() throws Exception {
    String id = upload(SLUG, "team-page");
    scoredAt("nl", id, scores(0.75, 0.70, 0.80, 75, 100, 40));
    scoredAt("de", id, scores(0.72, 0.66, 0.78, 140, 200, 60));
    HttpResponse<String> pooled = get("/challenges/" + SLUG + "?phase=final", null);
    assertThat(pooled.statusCode()).isEqualTo(200);
    assertThat(pooled.body()).contains("site-tabs").contains("Rotterdam tumour bank (Netherlands)")
        .contains("random-effects meta-analysis (REML) on the logit scale")
        .contains("Metrics pooled from counts: Accuracy, Sensitivity, Specificity").contains("I² ")
        .contains("data-site=\"pooled\"");
    HttpResponse<String> fr = get("/challenges/" + SLUG + "?phase=final&lang=fr", null);
    assertThat(fr.body()).contains("méta-analyse à effets aléatoires (REML) sur l’échelle logit")
        .contains("Banque de tumeurs de Rotterdam (Pays-Bas)");
    HttpResponse<String> de = get("/challenges/" + SLUG + "?phase=final&site=de", null);
    assertThat(de.statusCode()).isEqualTo(200);
    assertThat(de.body()).contains("Scores at site de alone").contains("data-site=\"de\"")
        .contains("team-page").contains("0.7200");
    HttpResponse<String> unknown = get("/challenges/" + SLUG + "?phase=final&site=qc", null);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("Site qc is not one of this challenge’s boards: pooled, nl, de.");
  }

  @Test
  void theSiteAndPooledBoardsComeBackTheSameAfterARestartFromTheirDocuments() throws Exception {
    String id = upload(SLUG, "team-restart");
    scoredAt("nl", id, scores(0.66, 0.60, 0.72, 66, 100, 40));
    String id2 = upload(SLUG, "team-restart-2");
    scoredAt("de", id2, scores(0.69, 0.61, 0.76, 150, 200, 60));
    Map<String, String> before = new LinkedHashMap<>();
    for (String site : List.of("pooled", "nl", "de")) {
      HttpResponse<String> r = get(board(SLUG, site), null);
      before.put(site, r.headers().firstValue("ETag").orElseThrow() + " " + r.body());
    }
    platform.close();
    startPlatform();
    for (String site : List.of("pooled", "nl", "de")) {
      HttpResponse<String> r = get(board(SLUG, site), null);
      assertThat(r.headers().firstValue("ETag").orElseThrow() + " " + r.body()).as(site).isEqualTo(before.get(site));
    }
    assertThat(before.get("pooled")).contains("team-restart-2").contains("\"pending\":[\"nl\"]");
  }

  @Test
  void aSpectatorIsToldTheNewTagOfTheSiteBoardThatChanged() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> events = client.send(HttpRequest.newBuilder(URI.create(
        "http://localhost:" + platform.port() + "/api/challenges/" + SLUG + "/events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    java.util.Iterator<String> lines = events.body().iterator();
    assertThat(lines.next()).startsWith(": listening");
    String id = upload(SLUG, "team-live");
    scoredAt("de", id, scores(0.61, 0.55, 0.67, 120, 200, 60));
    String now = get(board(SLUG, "de"), null).headers().firstValue("ETag").orElseThrow();
    java.util.concurrent.CompletableFuture<JsonObject> told = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("data: ")) {
          JsonObject data = new JsonObject(line.substring(6));
          if ("de".equals(data.getString("site")) && now.equals(data.getString("etag"))) {
            return data;
          }
        }
      }
      return null;
    });
    JsonObject data = told.get(30, java.util.concurrent.TimeUnit.SECONDS);
    events.body().close();
    assertThat(data).as("an event told de's board's new tag").isNotNull();
    assertThat(data.getString("part")).isEqualTo("public");
    assertThat(data.getString("phase")).isEqualTo("final");
  }

  private static JsonObject entry(JsonObject board, String team) {
    JsonArray entries = board.getJsonArray("entries");
    return entries.stream().map(JsonObject.class::cast).filter(e -> e.getString("team").equals(team)).findFirst()
        .orElse(null);
  }

  /** The board's rounding (4 decimals by default). */
  private static final class LeaderboardRound {
    static double of(double v) {
      return org.palmares.platform.leaderboard.LeaderboardService.round(v, 4);
    }
  }
}
