package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.site.PolicyFile;
import org.palmares.evaluator.site.ReleaseCli;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.SiteBundles;

/**
 * Two governed sites of one challenge, each its own evaluator with its own copy of the bundle and
 * its own policy, over HTTP to the real platform: nl releases automatically, de manually. The team
 * reads where things stand: awaiting the release at site de, then withheld by site de when its
 * operator rejects (the submission is still scored, at nl), or scored at both once approved.
 */
class MultiSitePolicyIT {
  private static final String SLUG = "two-sites";

  @TempDir static Path work;
  private static Platform platform;
  private static Evaluator nl;
  private static Evaluator de;
  private static Http http;
  private static Path outbox;
  private static Path archive;

  private static Evaluator site(String name, String site, String release, Path challenges) throws Exception {
    String token = platform.evaluatorCredentials().create(name, List.of(SLUG), site, Instant.now()).token();
    Path policy = Files.writeString(work.resolve(site + "-policy.yaml"), """
        site: %s
        challenges: [%s]
        minCellCount: 5
        release: %s
        outbox: %s
        """.formatted(site, SLUG, release, work.resolve(site + "-outbox")));
    Evaluator evaluator = Evaluator.onLocalEngine(name, work.resolve(site + "-work"), challenges,
        new HttpJobChannel(URI.create("http://localhost:" + platform.port() + "/"), token),
        Duration.ofMillis(200), Duration.ofSeconds(5), PolicyFile.read(policy));
    evaluator.start();
    return evaluator;
  }

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    Path platformChallenges = Files.createDirectories(work.resolve("platform-challenges"));
    SiteBundles.platformCopy(platformChallenges, SLUG);
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), platformChallenges)
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
    Path nlChallenges = Files.createDirectories(work.resolve("nl-challenges"));
    SiteBundles.siteCopy(nlChallenges, SLUG);
    Path deChallenges = Files.createDirectories(work.resolve("de-challenges"));
    SiteBundles.siteCopy(deChallenges, SLUG);
    nl = site("rotterdam", "nl", "automatic", nlChallenges);
    de = site("gbsg", "de", "manual", deChallenges);
    outbox = work.resolve("de-outbox");
    TestImages.build(Fixtures.repoRoot().resolve("evaluator/src/test/docker/echo-input"),
        "palmares-test/site-policy-echo:latest");
    archive = TestImages.save("palmares-test/site-policy-echo:latest", work.resolve("echo.tar"));
  }

  @AfterAll
  static void stop() {
    for (Evaluator e : new Evaluator[] {nl, de}) {
      if (e != null) {
        e.close();
      }
    }
    if (platform != null) {
      platform.close();
    }
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--outbox", outbox.toString())).toArray(String[]::new);
    assertThat(ReleaseCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, all)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The outbox id of the result of {@code submission} (the attempt is the platform's). */
  private static String heldAs(String submission) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(" + submission + "\\.[0-9]+)\\s").matcher(cli("list"));
    assertThat(m.find()).as("the outbox holds %s", submission).isTrue();
    return m.group(1);
  }

  private static JsonObject atSite(JsonObject submission, String site) {
    return submission.getJsonArray("sites").stream().map(JsonObject.class::cast)
        .filter(e -> site.equals(e.getString("site"))).findFirst().orElseThrow();
  }

  private static String line(JsonObject submission) {
    JsonObject line = submission.getJsonObject("statusLine");
    return line == null ? "" : line.getString("en", "");
  }

  @Test
  void aManualSiteHoldsItsResultThenWithholdsOrReleasesIt() throws Exception {
    String team = People.competitor(platform, SLUG, "two-site-team");

    String rejected = new JsonObject(http.upload(SLUG, team, HttpRequest.BodyPublishers.ofFile(archive)).body())
        .getString("id");
    JsonObject waiting = http.pollSubmission(rejected, team, Duration.ofMinutes(3),
        s -> line(s).contains("awaiting the release of its result at site de") && line(s).contains("scored at 1"));
    assertThat(atSite(waiting, "de").getString("status")).isEqualTo("AWAITING_RELEASE");
    assertThat(atSite(waiting, "de").getValue("scores")).as("nothing of de's scores left the site").isNull();
    assertThat(atSite(waiting, "nl").getString("status")).isEqualTo("SCORED");
    cli("reject", heldAs(rejected));
    JsonObject withheld = http.pollSubmission(rejected, team, Duration.ofSeconds(60),
        s -> line(s).contains("withheld by site de"));
    assertThat(withheld.getString("status")).as(withheld.encodePrettily()).isEqualTo("SCORED");
    assertThat(atSite(withheld, "de").getString("status")).isEqualTo("WITHHELD");
    assertThat(line(withheld)).doesNotContainIgnoringCase("fail");

    String approved = new JsonObject(http.upload(SLUG, team, HttpRequest.BodyPublishers.ofFile(archive)).body())
        .getString("id");
    http.pollSubmission(approved, team, Duration.ofMinutes(3),
        s -> line(s).contains("awaiting the release of its result at site de"));
    cli("approve", heldAs(approved));
    JsonObject both = http.pollSubmission(approved, team, Duration.ofSeconds(60),
        s -> line(s).contains("scored at 2 of 2 sites"));
    assertThat(atSite(both, "de").getString("status")).isEqualTo("SCORED");
    assertThat(atSite(both, "de").getJsonObject("scores")).isNotNull();
  }
}
