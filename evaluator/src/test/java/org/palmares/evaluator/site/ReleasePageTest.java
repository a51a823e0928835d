package org.palmares.evaluator.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's loopback page over a real outbox: the exact bytes, the key, the decision, the Host check. */
class ReleasePageTest {
  @TempDir Path dir;
  private Outbox outbox;
  private ReleasePage page;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    outbox = Outbox.open(dir.resolve("outbox"));
    new SiteGate(new SitePolicy("de", Set.of("recurrence"), null, Set.of(), 5, Set.of(), Release.MANUAL, null),
        image -> Set.of(), outbox, Duration.ofSeconds(1)).leaving(ReleaseFlowTest.job("sub_p"),
        ReleaseFlowTest.scored());
    page = ReleasePage.start(outbox, 0);
  }

  @AfterEach
  void stop() {
    page.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String key() {
    return page.url().substring(page.url().indexOf("key=") + 4);
  }

  @Test
  void thePageShowsTheExactBytesAndRecordsTheDecision() throws Exception {
    assertThat(page.url()).startsWith("http://127.0.0.1:" + page.port() + "/?key=");
    assertThat(get("/?key=" + key()).body()).contains("sub_p.1").contains("awaiting_decision");
    HttpResponse<String> raw = get("/raw/sub_p.1?key=" + key());
    assertThat(raw.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(outbox.find("sub_p.1").orElseThrow().approval());
    assertThat(raw.headers().firstValue("Content-Security-Policy")).isPresent();
    String shown = get("/show/sub_p.1?key=" + key()).body();
    assertThat(shown).contains(ReleasePage.escape(raw.body())).contains("Approve: send these bytes");

    HttpResponse<String> decided = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port()
        + "/decide")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("key=" + key() + "&id=sub_p.1&decision=approve")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(decided.statusCode()).isEqualTo(303);
    assertThat(outbox.find("sub_p.1").orElseThrow().decision()).isEqualTo("approved");
    assertThat(outbox.find("sub_p.1").orElseThrow().state()).isEqualTo(Outbox.State.DECIDED);
  }

  @Test
  void withoutTheKeyNothingIsShownOrDecided() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(403);
    assertThat(get("/raw/sub_p.1?key=wrong").statusCode()).isEqualTo(403);
    HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port()
        + "/decide")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("id=sub_p.1&decision=approve")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(outbox.find("sub_p.1").orElseThrow().decision()).isNull();
  }

  @Test
  void aForeignHostIsRefusedEvenWithTheKey() throws Exception {
    // what a DNS-rebound page in the operator's browser would send
    try (Socket s = new Socket("127.0.0.1", page.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /raw/sub_p.1?key=" + key() + " HTTP/1.1\r\nHost: evil.example:" + page.port()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("\"approved\"");
    }
  }
}
