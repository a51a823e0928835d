package org.palmares.platform.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
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
 * a phone and reads, in the browser, why a broken model failed; an organizer disqualifies and a spectator's open board changes by itself. Every page
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
  private Path malformed;
  private final String ada = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  private final String grace = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  private String adaToken;
  private String invitation;
  private String submissionId;
  private GreenMail smtp;

  @BeforeAll
  void start() throws Exception {
    TestImages.requireBaseImages();
    archive = TestImages.save("palmares/baseline-constant:latest", work.resolve("constant.tar"));
    TestImages.hostile("malformed");
    malformed = TestImages.save("palmares-test/malformed:latest", work.resolve("malformed.tar"));
    Bundles.demoCopy(work.resolve("challenges"), SLUG, y -> y);
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    int port = PlatformProcess.freePort();
    origin = "http://localhost:" + port;
    platform = PlatformProcess.serve(port, work.resolve("data"), work.resolve("challenges"),
        work.resolve("platform.log"), Map.of("PALMARES_SMTP_HOST", "127.0.0.1",
            "PALMARES_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "PALMARES_SMTP_SECURITY", "none",
            "PALMARES_MAIL_FROM", "no-reply@example.org", "PALMARES_PUBLIC_URL", origin));
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (platform != null) {
      platform.stop();
    }
    if (smtp != null) {
      smtp.stop();
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
      assertThat(b.find("#next-step").getText()).as("the guided next step").contains("Create a personal access token");
      fill(b, "/account/tokens", Map.of("name", "laptop"));
      adaToken = match(TOKEN, b.find("pre").getText(), "the new token, shown once");
      b.check("token");
      b.driver().navigate().refresh();
      assertThat(b.all("pre")).as("a reload shows the token no more").isEmpty();

      b.go("/challenges/" + SLUG + "/submissions");
      b.check("my-submissions");
      new org.openqa.selenium.support.ui.Select(b.find("#upload-form select[name='phase']")).selectByValue("final");
      b.find("#upload-form input[name='image']").sendKeys(archive.toAbsolutePath().toString());
      b.find("#upload-form button").click();
      b.await("the upload accepted", Duration.ofMinutes(2),
          d -> !d.findElements(By.cssSelector(".upload-status.accepted")).isEmpty());
      assertThat(((Number) b.js("return document.querySelector('#upload-form progress').value;")).intValue())
          .as("the progress bar went to the end").isEqualTo(100);
      b.check("uploaded");
      b.await("the submission scored, its row updated in place", Duration.ofMinutes(3),
          d -> !d.findElements(By.cssSelector("table.submissions tr[data-status='SCORED']")).isEmpty());
      submissionId = b.find("table.submissions tr[data-status='SCORED']").getAttribute("data-id");
      b.check("scored-in-my-submissions");

      b.go("/challenges/" + SLUG + "?phase=final");
      b.await("Team Ada on the leaderboard", d -> !d.findElements(
          By.xpath("//table//td[contains(., 'Team Ada')]")).isEmpty());
      b.check("on-the-board");
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
      assertThat(b.text()).contains("Mon équipe").contains("Règlement");
      b.check("defi");
      submit(b, "/challenges/" + SLUG + "/rules");
      b.check("reglement-accepte");
      fill(b, "/challenges/" + SLUG + "/team/join", Map.of("code", invitation));
      assertThat(b.text()).contains("Team Ada").contains("Ada").contains("Grace");
      b.check("equipe-rejointe");

      // a model whose predictions file is broken: why it failed, read in the browser, in French
      b.go("/challenges/" + SLUG + "/submissions");
      new org.openqa.selenium.support.ui.Select(b.find("#upload-form select[name='phase']")).selectByValue("final");
      b.find("#upload-form input[name='image']").sendKeys(malformed.toAbsolutePath().toString());
      b.find("#upload-form button").click();
      b.await("the broken model failed, its row updated in place", Duration.ofMinutes(3),
          d -> !d.findElements(By.cssSelector("table.submissions tr[data-status='FAILED']")).isEmpty());
      String why = "Les prédictions n’ont pas pu être notées : une valeur de la colonne « malignant » n’est pas un nombre.";
      assertThat(b.find("table.submissions tr[data-status='FAILED'] .outcome").getText()).isEqualTo(why);
      b.check("echec-dans-la-liste");
      b.go("/submissions/" + b.find("table.submissions tr[data-status='FAILED']").getAttribute("data-id"));
      assertThat(b.find("dd.outcome").getText()).as("the final phase withholds the detail: the category only")
          .isEqualTo(why);
      assertThat(b.find("td.status").getText()).isEqualTo("échouée");
      b.check("echec-pourquoi");
    }
  }

  @Test
  @Order(3)
  void anOrganizerDisqualifiesAndTheOpenBoardOfASpectatorUpdatesByItself() throws Exception {
    String organizer = "org-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    organizerOf(organizer);
    try (Browser spectator = Browser.open(origin, "spectator-390", Browser.PHONE_WIDTH, "en")) {
      spectator.go("/challenges/" + SLUG + "?phase=final");
      spectator.await("Team Ada on the board", d -> !d.findElements(
          By.xpath("//table//td[contains(., 'Team Ada')]")).isEmpty());
      spectator.check("board-before");

      try (Browser olga = Browser.open(origin, "organizer-en", 1280, "en")) {
        logIn(olga, organizer);
        olga.go("/account");
        olga.find("a[href='/organize/" + SLUG + "']").click();
        olga.go("/organize/" + SLUG + "?phase=final");
        assertThat(olga.find("tr[id='" + submissionId + "']").getText()).contains("Team Ada").contains("SCORED")
            .contains("roc_auc");
        olga.check("organizer-submissions");
        fill(olga, "/organize/" + SLUG + "/submissions/" + submissionId + "/disqualify",
            Map.of("reason", "read the hidden data"));
        assertThat(olga.text()).contains("disqualified").contains("read the hidden data");
        olga.check("disqualified");
        assertThat(olga.find("#audit").getText()).contains("disqualify").contains(submissionId);

        Path broken = brokenBundle();
        olga.find("form[action='/organize/" + SLUG + "/bundle'] input[type='file']").sendKeys(broken.toString());
        submit(olga, "/organize/" + SLUG + "/bundle");
        assertThat(olga.find(".problems").getText()).as("a problem at file:line").containsPattern("challenge\\.yaml:\\d+");
        olga.check("bundle-problems");
      }
      spectator.await("Team Ada gone from the spectator's board without a reload by the person",
          d -> d.findElements(By.xpath("//table//td[contains(., 'Team Ada')]")).isEmpty());
      spectator.check("board-after");
    }
  }

  @Test
  @Order(4)
  void aForgottenPasswordIsResetByEMailInFrench() throws Exception {
    try (Browser b = Browser.open(origin, "reset-fr", Browser.PHONE_WIDTH, "fr")) {
      b.go("/login");
      b.find("a[href='/password/forgot']").click();
      assertThat(b.text()).contains("Réinitialiser votre mot de passe");
      b.check("oubli");
      fill(b, "/password/forgot", Map.of("email", grace));
      assertThat(b.text()).contains("un lien pour réinitialiser son mot de passe est en route");
      b.check("lien-envoye");

      assertThat(smtp.waitForIncomingEmail(20_000, 1)).as("the reset e-mail reached the SMTP server").isTrue();
      MimeMessage mail = smtp.getReceivedMessages()[smtp.getReceivedMessages().length - 1];
      assertThat(mail.getSubject()).isEqualTo("Palmarès : réinitialiser votre mot de passe");
      String link = match(Pattern.compile(Pattern.quote(origin) + "/password/reset/\\S+"),
          GreenMailUtil.getBody(mail).replace("=\r\n", ""), "the reset link");
      b.driver().get(link);
      b.check("nouveau-mot-de-passe");
      String replacement = "a brand new passphrase";
      b.type("form[action^='/password/reset/'] [name='newPassword']", replacement);
      b.find("form[action^='/password/reset/'] button").click();
      b.await("back on the login page", d -> b.path().startsWith("/login"));
      assertThat(b.text()).contains("Votre mot de passe a changé");
      b.check("mot-de-passe-change");
      b.type("form[action='/login'] [name='email']", grace);
      b.type("form[action='/login'] [name='password']", replacement);
      submit(b, "/login");
      assertThat(b.path()).startsWith("/account");

      b.driver().get(link);
      assertThat(b.text()).as("the link works once").contains("Ce lien ne fonctionne pas");
      b.check("lien-use");
    }
  }

  /** The demo bundle with a metric the platform does not know, archived as an organizer would. */
  private static Path brokenBundle() throws Exception {
    Path root = work.resolve("broken");
    Bundles.demoCopy(root, SLUG, y -> y.replace("metrics: [roc_auc,", "metrics: [no_such_metric, roc_auc,"));
    Path archive = work.resolve("broken.tgz");
    Process tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", root.toString(), SLUG).inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    return archive;
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
