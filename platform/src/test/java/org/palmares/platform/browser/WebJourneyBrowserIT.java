package org.palmares.platform.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.testing.Browser;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.PlatformProcess;

/**
 * The site walked through in Debian's headless Chromium against a real platform process, its
 * in-process evaluator running images on the real Docker engine: a competitor goes from the home
 * page to a scored submission in English on a desktop; a team mate joins with a code in French on
 * a phone; an organizer disqualifies and a spectator's open board changes by itself. Every page
 * on the way is screenshot ({@code platform/target/browser/}), checked with axe-core (no serious
 * or critical violation) and for horizontal overflow. The steps share one platform and run in
 * order: each needs what the one before made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebJourneyBrowserIT {
  private static final String SLUG = "browser-demo";
  private static final Pattern INVITATION = Pattern.compile("join-[A-Za-z0-9_-]{20}");
  private static final Pattern TOKEN = Pattern.compile("plm_[A-Za-z0-9_-]{43}");

  @TempDir static Path work;
  private PlatformProcess platform;
  private String origin;
  private Path archive;
  private final String ada = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  private final String grace = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  private String adaToken;
  private String invitation;
  private String submissionId;

  @BeforeAll
  void start() throws Exception {
    TestImages.requireBaseImages();
    archive = TestImages.save("palmares/baseline-constant:latest", work.resolve("constant.tar"));
    Bundles.demoCopy(work.resolve("challenges"), SLUG, y -> y);
    int port = PlatformProcess.freePort();
    platform = PlatformProcess.serve(port, work.resolve("data"), work.resolve("challenges"),
        work.resolve("platform.log"), Map.of());
    origin = "http://localhost:" + port;
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (platform != null) {
      platform.stop();
    }
  }

  @Test
  @Order(1)
  void aNewCompetitorGoesFromTheHomePageToAScoredSubmissionInEnglishOnADesktop() throws Exception {
    try (Browser b = Browser.open(origin, "competitor-en", 1280, "en")) {
      b.go("/");
      b.check("home");
      b.find("a[href='/challenges/" + SLUG + "']").click();
      b.check("challenge");

      b.go("/register");
      b.check("register");
      fill(b, "/register", Map.of("email", ada, "name", "Ada", "password", People.PASSWORD));
      b.check("registered");

      logIn(b, ada);
      b.check("account");

      b.go("/challenges/" + SLUG);
      submit(b, "/challenges/" + SLUG + "/rules");
      b.check("rules-accepted");
      fill(b, "/challenges/" + SLUG + "/team", Map.of("name", "Team Ada"));
      assertThat(b.text()).contains("Team Ada");
      b.check("team-created");
      submit(b, "/challenges/" + SLUG + "/team/invitations");
      invitation = match(INVITATION, b.text(), "an invitation code on the page");
      b.check("invitation");

      b.go("/account");
      fill(b, "/account/tokens", Map.of("name", "laptop"));
      adaToken = match(TOKEN, b.find("pre").getText(), "the new token, shown once");
      b.check("token");

      // TODO(web-pages' upload widget): upload from the browser with its progress bar; over the API until it lands
      HttpResponse<String> accepted = platform.http().upload(SLUG, adaToken, archive);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      submissionId = new JsonObject(accepted.body()).getString("id");

      b.go("/challenges/" + SLUG + "?phase=final");
      b.await("Team Ada on the open leaderboard once scored (live update, no reload by the person)",
          Duration.ofMinutes(3), d -> !d.findElements(By.xpath("//table//td[contains(., 'Team Ada')]")).isEmpty());
      b.check("scored");
    }
  }

  @Test
  @Order(2)
  void aTeamMateJoinsWithTheCodeInFrenchOnAPhone() throws Exception {
    try (Browser b = Browser.open(origin, "team-mate-fr-390", Browser.PHONE_WIDTH, "fr")) {
      b.go("/");
      assertThat(b.find("html").getAttribute("lang")).isEqualTo("fr");
      b.check("accueil");
      b.go("/register");
      assertThat(b.text()).contains("Mot de passe");
      fill(b, "/register", Map.of("email", grace, "name", "Grace", "password", People.PASSWORD));
      b.check("inscrite");
      logIn(b, grace);
      b.check("compte");

      b.go("/challenges/" + SLUG);
      assertThat(b.text()).contains("Participer");
      b.check("defi");
      submit(b, "/challenges/" + SLUG + "/rules");
      b.check("reglement-accepte");
      fill(b, "/challenges/" + SLUG + "/team/join", Map.of("code", invitation));
      assertThat(b.text()).contains("Team Ada").contains("Ada").contains("Grace");
      b.check("equipe-rejointe");
    }
  }

  @Test
  @Order(3)
  void anOrganizerDisqualifiesAndTheOpenBoardOfASpectatorUpdatesByItself() throws Exception {
    String organizer = "org-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String organizerToken = organizerOf(organizer);
    try (Browser spectator = Browser.open(origin, "spectator-390", Browser.PHONE_WIDTH, "en")) {
      spectator.go("/challenges/" + SLUG + "?phase=final");
      spectator.await("Team Ada on the board", d -> !d.findElements(
          By.xpath("//table//td[contains(., 'Team Ada')]")).isEmpty());
      spectator.check("board-before");

      // TODO(organizer pages): disqualify from the organizer's page; over the API until it lands
      HttpResponse<String> done = platform.http().sendJson("POST", "/api/organizer/submissions/" + submissionId
          + "/disqualify", organizerToken, new JsonObject().put("reason", "read the hidden data").encode());
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

      spectator.await("Team Ada gone from the spectator's board without a reload by the person",
          d -> d.findElements(By.xpath("//table//td[contains(., 'Team Ada')]")).isEmpty());
      spectator.check("board-after");
    }
  }

  // ---- steps ---------------------------------------------------------------------------------

  /** An organizer of the challenge: registered, made admin on the command line, appointed over the API. */
  private String organizerOf(String email) throws Exception {
    Http http = platform.http();
    http.sendJson("POST", "/api/accounts", null, new JsonObject().put("email", email).put("name", "Olga")
        .put("password", People.PASSWORD).encode());
    PlatformProcess.command(work.resolve("data"), work.resolve("challenges"), "grant-admin", "--email", email);
    String token = new JsonObject(http.sendJson("POST", "/api/tokens", null, new JsonObject().put("email", email)
        .put("password", People.PASSWORD).put("name", "organizer").encode()).body()).getString("token");
    HttpResponse<String> appointed = http.sendJson("PUT", "/api/admin/challenges/" + SLUG + "/organizers/" + email,
        token, "{}");
    assertThat(appointed.statusCode()).as(appointed.body()).isBetween(200, 204);
    return token;
  }

  private static void logIn(Browser b, String email) {
    b.go("/login");
    fill(b, "/login", Map.of("email", email, "password", People.PASSWORD));
    assertThat(b.path()).as("logged in").doesNotStartWith("/login");
  }

  /** Fills the form whose action is {@code action} and sends it with its button, as a person does. */
  private static void fill(Browser b, String action, Map<String, String> fields) {
    String form = "form[action='" + action + "']";
    fields.forEach((name, value) -> b.type(form + " [name='" + name + "']", value));
    submit(b, action);
  }

  private static void submit(Browser b, String action) {
    b.find("form[action='" + action + "'] button").click();
    b.await("the answer to " + action, d -> "complete".equals(b.js("return document.readyState;")));
  }

  private static String match(Pattern pattern, String text, String what) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in: %s", what, text).isTrue();
    return m.group();
  }
}
