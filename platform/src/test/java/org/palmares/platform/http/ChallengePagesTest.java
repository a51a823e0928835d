package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * The challenge pages as a reader gets them from the real server: the sections, the commands they
 * print (which must work as printed), the reader's language, and the defects of issue 13 (the
 * curl line without a phase, the token lost on reload, "Team Team Ada created."). No Docker.
 */
class ChallengePagesTest extends WebPagesBase {
  private static final String PAGE = "/challenges/" + SLUG;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static String email() {
    return "someone-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /** A new account, logged in on the pages as a browser is. */
  private static Http.WebSession registeredAndLoggedIn(String email) throws Exception {
    http.sendJson("POST", "/api/accounts", null, new JsonObject().put("email", email).put("name", "Ada")
        .put("password", People.PASSWORD).encode());
    return http.logIn(email, People.PASSWORD);
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theChallengePageHasTheSectionsCompetitorsExpect() throws Exception {
    String page = get(PAGE).body();

    for (String section : new String[] {"overview", "data", "evaluation", "rules", "timeline", "leaderboard", "take-part"}) {
      assertThat(page).contains("id=\"" + section + "\"");
    }
    // the README, rendered from Markdown (a heading of it), with the contract's paths and columns
    assertThat(page).contains("<h4>What you submit: a Docker image</h4>").contains("<code>/input/test-inputs.csv</code>")
        .contains("<code>/output/predictions.csv</code>").contains("<code>malignant</code>");
    // its table (GitHub's syntax) as a table
    assertThat(page).contains("<th>file</th>");
    // the public files with their sizes
    assertThat(page).contains("href=\"/challenges/" + SLUG + "/files/public/train.csv\"").containsPattern("7\\d\\.\\d KiB");
    // the data dictionary, read from the file: the id and label columns named, numbers with their range
    assertThat(page).contains("Data dictionary of public/train.csv (32 columns").contains("<code>diagnosis</code> <span class=\"badge\">label")
        .contains("<code>id</code> <span class=\"badge\">case id").containsPattern("<td>M, B</td>|<td>B, M</td>");
    // the local run command with the sandbox's flags
    assertThat(page).contains("docker run --rm --network none --read-only --user 65534:65534")
        .contains("--cap-drop ALL --security-opt no-new-privileges").contains("--memory 1024m --memory-swap 1024m")
        .contains("--pids-limit 128").contains("-v \"$PWD/input:/input:ro\"");
    // times for the script to localize, and every metric explained
    assertThat(page).contains("<time class=\"countdown\" datetime=\"2027-12-31T23:59:59Z\"").contains("ROC AUC")
        .contains("Log loss");
  }

  @Test
  void theCurlLinePrintedOnTheChallengePageNamesThePhaseAndIsAccepted() throws Exception {
    String token = http.signUp(SLUG, "Curlers");
    String page = get(PAGE + "?phase=sanity").body();
    Matcher url = Pattern.compile("'(http://[^']+/api/challenges/" + SLUG + "/submissions[^']*)'").matcher(page);
    assertThat(url.find()).as(page).isTrue();

    HttpResponse<String> sent = CLIENT.send(HttpRequest.newBuilder(URI.create(url.group(1).replace("&amp;", "&")))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString("not an image archive")).build(), HttpResponse.BodyHandlers.ofString());

    // past the phase check: what is refused now is the body, as it should be
    assertThat(sent.body()).doesNotContain("phase_required").contains("not_an_image");
    assertThat(url.group(1)).endsWith("?phase=sanity");
  }

  @Test
  void aTokenCreatedOnThePageSurvivesAReloadOnceAndIsNotCreatedTwice() throws Exception {
    String email = email();
    Http.WebSession ada = registeredAndLoggedIn(email);

    HttpResponse<String> created = http.postForm("/account/tokens", ada, Map.of("name", "laptop", "days", "30"));
    assertThat(created.statusCode()).as("POST-redirect-GET").isEqualTo(303);
    assertThat(created.headers().firstValue("Location")).hasValue("/account");
    String shown = http.getPage("/account", ada.cookie()).body();
    Matcher secret = Pattern.compile("<pre>(plm_[A-Za-z0-9_-]+)</pre>").matcher(shown);
    assertThat(secret.find()).as(shown).isTrue();
    assertThat(shown).as("the placeholder is text, not a tag").contains("Bearer &lt;token&gt;");

    String reloaded = http.getPage("/account", ada.cookie()).body();
    assertThat(reloaded).doesNotContain(secret.group(1));
    String apiToken = new JsonObject(http.sendJson("POST", "/api/tokens", null, new JsonObject().put("email", email)
        .put("password", People.PASSWORD).put("name", "check").encode()).body()).getString("token");
    assertThat(new JsonObject(http.get("/api/tokens", apiToken).body()).getJsonArray("tokens")).hasSize(2);
  }

  @Test
  void theTeamCreatedMessageNamesTheTeamOnce() throws Exception {
    String email = email();
    Http.WebSession ada = registeredAndLoggedIn(email);
    http.postForm(PAGE + "/rules", ada, Map.of("version", "1"));
    String name = "Team Ada " + UUID.randomUUID().toString().substring(0, 4);

    http.postForm(PAGE + "/team", ada, Map.of("name", name));

    String page = http.getPage(PAGE, ada.cookie()).body();
    assertThat(page).contains("Your team “" + name + "” is created.").doesNotContain("Team " + name);
    assertThat(page).as("one's own team is named on the panel").contains("Your team “" + name + "”");
  }

  @Test
  void theLanguageFollowsAcceptLanguageByItsQValues() throws Exception {
    assertThat(get(PAGE, "Accept-Language", "de-DE, fr;q=0.8, en;q=0.5").body()).contains("<html lang=\"fr\"")
        .contains("Calendrier");
    assertThat(get(PAGE, "Accept-Language", "en;q=0.4, fr;q=0.9").body()).contains("<html lang=\"fr\"");
    assertThat(get(PAGE, "Accept-Language", "fr;q=0, en").body()).contains("<html lang=\"en\"");
    assertThat(get(PAGE, "Accept-Language", "fr-CA").body()).contains("<html lang=\"fr\"");
    assertThat(get(PAGE).body()).contains("<html lang=\"en\"");
  }

  @Test
  void aLanguageChosenOnTheSiteSticksOnEveryLaterPage() throws Exception {
    HttpResponse<String> chosen = get(PAGE + "?lang=fr", "Accept-Language", "en");
    String kept = Http.cookie(chosen, "palmares_lang");
    assertThat(kept).isEqualTo("fr");
    assertThat(chosen.body()).contains("<html lang=\"fr\"")
        .as("the switch keeps the reader on this page").contains("href=\"" + PAGE + "?lang=en\"");

    // a plain link of the site (no ?lang=), with the browser asking for English: still French
    assertThat(get("/", "Accept-Language", "en", "Cookie", "palmares_lang=fr").body()).contains("<html lang=\"fr\"")
        .contains("Défis");
    assertThat(get(PAGE + "?phase=sanity&lang=en", "Cookie", "palmares_lang=fr").body()).contains("<html lang=\"en\"")
        .contains("href=\"" + PAGE + "?phase=sanity&amp;lang=fr\"");
  }

  @Test
  void refusalsOnPagesAreHtmlInTheReadersLanguage() throws Exception {
    HttpResponse<String> nope = get(PAGE + "?phase=nope", "Cookie", "palmares_lang=fr");
    assertThat(nope.statusCode()).isEqualTo(404);
    assertThat(nope.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(nope.body()).contains("<html lang=\"fr\"").contains("Le défi " + SLUG + " n’a pas de phase nope.");

    HttpResponse<String> missing = get("/no/such/page", "Accept-Language", "fr");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("<html lang=\"fr\"").contains("Introuvable").contains("Cette page n’existe pas");

    HttpResponse<String> noChallenge = get("/challenges/nope", "Accept-Language", "en");
    assertThat(noChallenge.body()).contains("<html lang=\"en\"").contains("There is no challenge nope.");

    // the API keeps its JSON shape, in the language asked
    HttpResponse<String> api = get("/api/challenges/" + SLUG + "/leaderboard?phase=nope", "Accept-Language", "fr");
    assertThat(new JsonObject(api.body()).getJsonObject("error").getString("message"))
        .isEqualTo("Le défi " + SLUG + " n’a pas de phase nope.");
  }

  @Test
  void competitorsTextIsEscapedEverywhereOnThePage() throws Exception {
    String token = http.signUp(SLUG, "<script>alert(1)</script>");
    assertThat(token).isNotBlank();
    String page = get(PAGE + "?phase=%3Cb%3Ex%3C%2Fb%3E").body();
    assertThat(page).doesNotContain("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;");
  }
}
