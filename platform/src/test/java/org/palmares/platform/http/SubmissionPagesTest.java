package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * "My submissions" over the real server: the browser's upload (session and CSRF header, streamed
 * like the API's, the same refusals in the reader's language), the list and its JSON with an ETag
 * for polling, the page of one submission. No Docker: submissions stay queued.
 */
class SubmissionPagesTest extends WebPagesBase {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static Http.WebSession member(String team) throws Exception {
    String email = team.replaceAll("[^A-Za-z]", "") + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    http.signUp(SLUG, team, email);
    return http.logIn(email, People.PASSWORD);
  }

  private static HttpResponse<String> upload(Http.WebSession who, String phase, byte[] body, String csrf,
      String language) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + "/challenges/"
            + SLUG + "/submissions" + (phase == null ? "" : "?phase=" + phase)))
        .header("Cookie", who.cookie()).header("Content-Type", "application/octet-stream")
        .header("Accept", "application/json").header("Accept-Language", language)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> list(Http.WebSession who, String etag) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + "/challenges/"
        + SLUG + "/submissions")).header("Cookie", who.cookie()).header("Accept", "application/json");
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUploadFromTheBrowserIsQueuedAndListedAndItsPageShowsIt() throws Exception {
    Http.WebSession ada = member("Browsers");
    HttpResponse<String> before = list(ada, null);
    String etag = before.headers().firstValue("ETag").orElseThrow();
    assertThat(list(ada, etag).statusCode()).as("nothing changed: 304").isEqualTo(304);

    HttpResponse<String> sent = upload(ada, "sanity", AuthorizationMatrixTest.minimalImageArchive(), ada.csrf(), "en");

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    String id = new JsonObject(sent.body()).getString("id");
    HttpResponse<String> after = list(ada, etag);
    assertThat(after.statusCode()).as("the list changed: a new body").isEqualTo(200);
    assertThat(new JsonObject(after.body()).getJsonArray("submissions").getJsonObject(0).getString("status"))
        .isEqualTo("QUEUED");

    String page = http.getPage("/challenges/" + SLUG + "/submissions", ada.cookie()).body();
    assertThat(page).contains("data-id=\"" + id + "\"").contains("queued").contains("id=\"upload-form\"")
        .contains("<option value=\"sanity\">");
    String one = http.getPage("/submissions/" + id, ada.cookie()).body();
    assertThat(one).contains("sha256:").contains("queued")
        .as("the sanity phase shows logs: none yet").contains("No log yet.");
  }

  @Test
  void theBrowserUploadNeedsTheSessionsCsrfHeader() throws Exception {
    Http.WebSession bob = member("Forgers");

    HttpResponse<String> forged = upload(bob, "sanity", AuthorizationMatrixTest.minimalImageArchive(), null, "en");

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(forged.body()).getJsonObject("error").getString("code")).isEqualTo("csrf");
    assertThat(new JsonObject(list(bob, null).body()).getJsonArray("submissions")).isEmpty();
  }

  @Test
  void theBrowserUploadGetsTheApisRefusalsInTheReadersLanguage() throws Exception {
    Http.WebSession cleo = member("Polyglots");

    HttpResponse<String> noPhase = upload(cleo, null, AuthorizationMatrixTest.minimalImageArchive(), cleo.csrf(), "fr");
    assertThat(noPhase.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noPhase.body()).getJsonObject("error").getString("message")).startsWith("Indiquez la phase");

    HttpResponse<String> garbage = upload(cleo, "sanity", "not an archive".getBytes(), cleo.csrf(), "fr");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(garbage.body()).getJsonObject("error").getString("message"))
        .startsWith("Ce n’est pas une archive d’image");
  }

  @Test
  void quotaAndPhaseRefusalsAreSaidInTheReadersLanguageWithTheirFigures() throws Exception {
    Http.WebSession dora = member("Quotas");

    HttpResponse<String> unknown = upload(dora, "warmup", AuthorizationMatrixTest.minimalImageArchive(), dora.csrf(),
        "fr");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(message(unknown)).isEqualTo("Le défi " + SLUG + " n’a pas de phase « warmup » ; ses phases : sanity, final.");

    for (int i = 0; i < 10; i++) { // the sanity phase allows 10 a day
      assertThat(upload(dora, "sanity", AuthorizationMatrixTest.minimalImageArchive(), dora.csrf(), "en").statusCode())
          .isEqualTo(202);
    }
    HttpResponse<String> over = upload(dora, "sanity", AuthorizationMatrixTest.minimalImageArchive(), dora.csrf(), "fr");
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(message(over)).startsWith("Votre équipe a utilisé ses 10 soumissions du jour (UTC) dans la phase sanity ;")
        .contains("la prochaine est possible le 20");
    HttpResponse<String> overEn = upload(dora, "sanity", AuthorizationMatrixTest.minimalImageArchive(), dora.csrf(),
        "en");
    assertThat(message(overEn)).startsWith("Your team has used its 10 submissions of today (UTC) in phase sanity;");
  }

  @Test
  void teamRefusalsAreSaidInTheReadersLanguage() throws Exception {
    String name = "Twins " + UUID.randomUUID().toString().substring(0, 6);
    member(name);
    String email = "twin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String token;
    try {
      http.signUp(SLUG, name, email);
      throw new AssertionError("a second team of the same name was created");
    } catch (AssertionError expected) {
      assertThat(expected.getMessage()).contains("409");
    }
    token = new JsonObject(http.sendJson("POST", "/api/tokens", null, new JsonObject().put("email", email)
        .put("password", People.PASSWORD).put("name", "again").encode()).body()).getString("token");

    HttpResponse<String> taken = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port()
            + "/api/challenges/" + SLUG + "/teams")).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").header("Accept-Language", "fr")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).encode())).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(message(taken)).isEqualTo("Le défi " + SLUG + " a déjà une équipe nommée « " + name
        + " » ; choisissez un autre nom.");
  }

  private static String message(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("message");
  }

  @Test
  void anotherTeamsSubmissionPageIsLikeAMissingOne() throws Exception {
    Http.WebSession owner = member("Owners");
    String id = new JsonObject(upload(owner, "sanity", AuthorizationMatrixTest.minimalImageArchive(), owner.csrf(), "en")
        .body()).getString("id");
    Http.WebSession other = member("Others");

    HttpResponse<String> peek = http.getPage("/submissions/" + id, other.cookie());
    HttpResponse<String> missing = http.getPage("/submissions/sub_nope", other.cookie());

    assertThat(peek.statusCode()).isEqualTo(404);
    assertThat(peek.body()).doesNotContain("sha256:").contains("No submission " + id + " for your team.");
    assertThat(missing.statusCode()).isEqualTo(404);
  }
}
