package org.palmares.platform.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.SiteEvaluation;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.testing.EvaluatorProcess;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * Benchmark (a command, not a test): the federation overhead of the two-site demo. Time from an
 * upload being accepted to a complete pooled board (both sites reported, the pooled board built)
 * for {@code breast-cancer-two-sites}, against the same image on each site's test set ALONE (a
 * single-site copy of the challenge holding that site's hidden data, served by one evaluator of
 * that site), interleaved in the same run. Every evaluator is a real process talking HTTP over
 * loopback; the platform runs here. Run with {@code scripts/federation-benchmark.sh [runs]}.
 */
public final class FederationBenchmark {
  private static final String SLUG = "breast-cancer-two-sites";
  private static final String IMAGE = "palmares/baseline-cox-two-sites:latest";
  private static final List<String> SITES = List.of("nl", "de");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path work = Files.createTempDirectory("palmares-federation-bench");
    Path archive = TestImages.save(IMAGE, work.resolve("cox.tar"));
    // the platform's bundles: the two-site challenge (no hidden data) and, per site, a single-site copy;
    // the benchmark submits more often than the quota allows, hence no quota
    Path challenges = work.resolve("challenges");
    bundle(Fixtures.repoRoot().resolve("challenges/" + SLUG), challenges, SLUG, FederationBenchmark::noQuota, false);
    for (String site : SITES) {
      Path siteCopy = Fixtures.repoRoot().resolve("sites/" + site + "/" + SLUG);
      // a single-site bundle is held whole by the platform, as today (its evaluator is still remote here)
      bundle(siteCopy, challenges, alone(site), yaml -> singleSite(noQuota(yaml), site), true);
      bundle(siteCopy, work.resolve("site-" + site), SLUG, FederationBenchmark::noQuota, true);
      bundle(siteCopy, work.resolve("site-" + site), alone(site), yaml -> singleSite(noQuota(yaml), site), true);
    }
    List<EvaluatorProcess> evaluators = new ArrayList<>();
    try (Platform platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), challenges)
        .withPort(0).withEmbeddedEvaluator(false))) {
      String url = "http://localhost:" + platform.port() + "/";
      for (String site : SITES) {
        Path data = work.resolve("site-" + site);
        evaluators.add(EvaluatorProcess.start(url, platform.evaluatorCredentials()
            .create("site-" + site, List.of(SLUG), site, Instant.now()).token(), data, work.resolve("ev-site-" + site),
            "site-" + site));
        evaluators.add(EvaluatorProcess.start(url, platform.evaluatorCredentials()
            .create("alone-" + site, List.of(alone(site)), null, Instant.now()).token(), data,
            work.resolve("ev-alone-" + site), "alone-" + site));
      }
      Http http = new Http(platform.port());
      String federatedTeam = People.competitor(platform, SLUG, "bench");
      List<String> aloneTeams = SITES.stream().map(s -> People.competitor(platform, alone(s), "bench")).toList();
      // warm-up: each evaluator fetches and loads the image once (cached by digest afterwards)
      federated(platform, http, federatedTeam, archive);
      for (int s = 0; s < SITES.size(); s++) {
        alone(platform, http, alone(SITES.get(s)), aloneTeams.get(s), archive);
      }
      DescriptiveStatistics pooledClient = new DescriptiveStatistics();
      DescriptiveStatistics pooledServer = new DescriptiveStatistics();
      List<DescriptiveStatistics> aloneServer = SITES.stream().map(s -> new DescriptiveStatistics()).toList();
      List<DescriptiveStatistics> atSiteInFederation = SITES.stream().map(s -> new DescriptiveStatistics()).toList();
      for (int i = 0; i < runs; i++) {
        double[] f = federated(platform, http, federatedTeam, archive);
        pooledClient.addValue(f[0]);
        pooledServer.addValue(f[1]);
        for (int s = 0; s < SITES.size(); s++) {
          atSiteInFederation.get(s).addValue(f[2 + s]);
          aloneServer.get(s).addValue(alone(platform, http, alone(SITES.get(s)), aloneTeams.get(s), archive));
        }
      }
      System.out.println();
      System.out.println("| measure (Cox baseline, " + runs + " runs, interleaved) | median s | min s | max s |");
      System.out.println("|---|---|---|---|");
      row("two sites: 202 received -> complete pooled board seen by a client polling every 20 ms", pooledClient);
      row("two sites: accepted -> last site's result stored (server timestamps)", pooledServer);
      int slowest = 0;
      for (int s = 0; s < SITES.size(); s++) {
        row("  of which site " + SITES.get(s) + ": accepted -> its result stored", atSiteInFederation.get(s));
        if (aloneServer.get(s).getPercentile(50) > aloneServer.get(slowest).getPercentile(50)) {
          slowest = s;
        }
      }
      for (int s = 0; s < SITES.size(); s++) {
        row("site " + SITES.get(s) + " alone (single-site challenge): accepted -> SCORED", aloneServer.get(s));
      }
      System.out.printf(Locale.ROOT, "%nfederation overhead (median two-site accepted -> complete pooled board, minus the "
          + "median of the slowest site alone, %s): %.3f s (server side: %.3f s)%n", SITES.get(slowest),
          pooledClient.getPercentile(50) - aloneServer.get(slowest).getPercentile(50),
          pooledServer.getPercentile(50) - aloneServer.get(slowest).getPercentile(50));
    } finally {
      for (EvaluatorProcess e : evaluators) {
        e.close();
      }
    }
  }

  private static String alone(String site) {
    return SLUG + "-only-" + site;
  }

  private static void row(String name, DescriptiveStatistics s) {
    System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", name, s.getPercentile(50), s.getMin(), s.getMax());
  }

  /**
   * Returns {client 202 -> complete pooled board, server accepted -> last site's finish, then per
   * site accepted -> that site's finish}, in seconds.
   */
  private static double[] federated(Platform platform, Http http, String token, Path archive) throws Exception {
    String id = accepted(http, SLUG, token, archive);
    long t0 = System.nanoTime();
    while (!pooledBoardComplete(platform, http, id)) {
      Thread.sleep(20);
    }
    double client = (System.nanoTime() - t0) / 1e9;
    Submission stored = platform.submissions().find(id).orElseThrow();
    double[] times = new double[2 + SITES.size()];
    times[0] = client;
    for (int s = 0; s < SITES.size(); s++) {
      SiteEvaluation e = stored.sites().get(SITES.get(s));
      if (!"SCORED".equals(e.status().name())) {
        throw new IllegalStateException("site " + SITES.get(s) + " did not score the benchmark submission: " + e);
      }
      times[2 + s] = seconds(stored.createdAt(), e.finishedAt());
      times[1] = Math.max(times[1], times[2 + s]);
    }
    return times;
  }

  /**
   * Whether submission {@code id} is on a complete pooled board: both sites' results stored, and
   * the pooled board (as a spectator reads it) complete, holding the team's line pooled over both
   * sites with none pending.
   */
  private static boolean pooledBoardComplete(Platform platform, Http http, String id) throws Exception {
    Submission stored = platform.submissions().find(id).orElseThrow();
    if (!stored.sites().values().stream().allMatch(e -> e.status().terminal())) {
      return false;
    }
    JsonObject board = new JsonObject(http.get("/api/challenges/" + SLUG + "/leaderboard?phase=final&site=pooled",
        null).body());
    if (!Boolean.TRUE.equals(board.getBoolean("complete")) || board.getJsonArray("entries").isEmpty()) {
      return false;
    }
    JsonObject pooled = board.getJsonArray("entries").getJsonObject(0).getJsonObject("pooled");
    return pooled != null && pooled.getJsonArray("pending").isEmpty() && pooled.getJsonArray("sites").size() == SITES.size();
  }

  /** Server-side accepted -> SCORED of the single-site copy, in seconds. */
  private static double alone(Platform platform, Http http, String slug, String token, Path archive) throws Exception {
    String id = accepted(http, slug, token, archive);
    while (true) {
      JsonObject s = new JsonObject(http.get("/api/submissions/" + id, token).body());
      if (Http.terminal(s)) {
        if (!"SCORED".equals(s.getString("status"))) {
          throw new IllegalStateException("benchmark submission failed: " + s.encode());
        }
        Submission stored = platform.submissions().find(id).orElseThrow();
        return seconds(stored.createdAt(), stored.finishedAt());
      }
      Thread.sleep(20);
    }
  }

  private static String accepted(Http http, String slug, String token, Path archive) throws Exception {
    var r = http.upload(slug, token, archive);
    if (r.statusCode() != 202) {
      throw new IllegalStateException("upload to " + slug + " refused: " + r.body());
    }
    return new JsonObject(r.body()).getString("id");
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static String noQuota(String yaml) {
    return yaml.replaceAll("(?m)^\\s*quota: \\{.*}\\s*$\\n", "");
  }

  /** The two-site yaml as a single-site challenge: no {@code sites:} block, its own slug. */
  private static String singleSite(String yaml, String site) {
    return yaml.replaceAll("(?ms)^sites:\\n(  .*?\\n)+(?=\\S)", "").replace("slug: " + SLUG, "slug: " + alone(site));
  }

  /** Copies bundle folder {@code from} to {@code root/slug}, its yaml edited; hidden/ only if {@code hidden}. */
  private static void bundle(Path from, Path root, String slug, UnaryOperator<String> edit, boolean hidden)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(slug));
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        String relative = from.relativize(f).toString();
        if (!hidden && (relative.equals("hidden") || relative.startsWith("hidden/"))) {
          continue;
        }
        Path target = dir.resolve(relative);
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!relative.equals("challenge.yaml")) {
          Files.copy(f, target);
        }
      }
    }
    Files.writeString(dir.resolve("challenge.yaml"), edit.apply(Files.readString(from.resolve("challenge.yaml"))));
  }
}
