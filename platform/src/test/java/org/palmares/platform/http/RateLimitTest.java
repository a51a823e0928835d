package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.People;

/**
 * The rate limits of a real platform, as a deployment behind a TLS proxy meets them: the proxy is
 * 127.0.0.1 (trusted), a client that is not a proxy connects from 127.0.0.2, and each client
 * behind the proxy is told apart by its {@code X-Forwarded-For}. Budgets are small so that each
 * case takes a handful of requests; every test uses addresses of its own.
 */
class RateLimitTest {
  private static final String BOARD = "/api/challenges/breast-cancer-diagnosis/leaderboard";
  private static final RateLimits SMALL = RateLimits.defaults()
      .with("reads.address=20/minute,reads.account=5/minute,uploads.address=2/hour")
      .withStreamsPerClient(2)
      .withTrustedProxies(TrustedProxies.parse("127.0.0.1/32"));

  @TempDir static Path work;
  private static Platform platform;
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false), EdgeLimits.defaults().withRates(SMALL));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  /** A request through the proxy (from 127.0.0.1) for the client {@code forwardedFor}. */
  private static HttpResponse<String> viaProxy(String method, String path, String forwardedFor, String token,
      String language) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + path))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("x"));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (language != null) {
      b.header("Accept-Language", language);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> read(String forwardedFor) throws IOException, InterruptedException {
    return viaProxy("GET", BOARD, forwardedFor, null, null);
  }

  private static List<Integer> reads(int n, String forwardedFor) throws IOException, InterruptedException {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      statuses.add(read(forwardedFor).statusCode());
    }
    return statuses;
  }

  /** A GET sent from local address {@code from} (not a proxy unless 127.0.0.1); returns the status line. */
  private static String getFrom(String from, String path, String forwardedFor) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), platform.port(), InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
    }
  }

  @Test
  void clientsBehindTheTrustedProxyEachHaveTheirOwnBudget() throws Exception {
    assertThat(reads(20, "203.0.113.1")).containsOnly(200);
    assertThat(read("203.0.113.1").statusCode()).isEqualTo(429);

    // before the fix, every client behind the proxy shared its address's bucket: this was a 429
    assertThat(reads(20, "203.0.113.2")).containsOnly(200);
    assertThat(reads(20, "2001:db8::2")).containsOnly(200);
  }

  @Test
  void theClientIsTheRightmostHopThatIsNotATrustedProxy() throws Exception {
    // what a client writes itself is left of what the proxy appends: changing it buys no new budget
    for (int i = 0; i < 20; i++) {
      assertThat(read("10.9.9." + i + ", 203.0.113.3").statusCode()).isEqualTo(200);
    }
    assertThat(read("10.9.9.200, 203.0.113.3").statusCode()).isEqualTo(429);
    // a chain of our own proxies (127.0.0.1 twice) is walked through to the client before them
    assertThat(read("203.0.113.3, 127.0.0.1").statusCode()).isEqualTo(429);
    assertThat(read("203.0.113.4, 127.0.0.1").statusCode()).isEqualTo(200);
  }

  @Test
  void aClientThatIsNotATrustedProxyCannotChooseItsAddress() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(getFrom("127.0.0.2", BOARD, "198.51.100." + i)).contains(" 200 ");
    }
    assertThat(getFrom("127.0.0.2", BOARD, "198.51.100.99")).contains(" 429 ");
    assertThat(getFrom("127.0.0.2", BOARD, null)).contains(" 429 ");
  }

  @Test
  void accountsBehindOneAddressEachHaveTheirOwnBudget() throws Exception {
    String ada = People.token(platform, People.account(platform, "Ada"));
    String bob = People.token(platform, People.account(platform, "Bob"));
    String school = "192.0.2.50";

    // A token not seen yet is charged to its address while it is looked up in the background: let
    // the lookup of Ada's land first (on a loaded machine it can take many requests' time).
    assertThat(viaProxy("GET", BOARD, school, ada, null).statusCode()).isEqualTo(200);
    Thread.sleep(5000);
    HttpResponse<String> last = null;
    int served = 1;
    for (int i = 0; i < 26 && (last == null || last.statusCode() == 200); i++) {
      last = viaProxy("GET", BOARD, school, ada, null);
      served += last.statusCode() == 200 ? 1 : 0;
    }
    // five on Ada's account, and a few on the address while her token was first looked up
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(error(last).getString("message")).as("refused for her account, not the address")
        .startsWith("Too many requests from your account: at most 5 per minute");
    assertThat(served).isBetween(5, 20);

    for (int i = 0; i < 5; i++) {
      assertThat(viaProxy("GET", BOARD, school, bob, null).statusCode()).as("Bob's read %d", i).isEqualTo(200);
    }
    assertThat(read(school).statusCode()).as("an anonymous reader at the same address").isEqualTo(200);
  }

  @Test
  void oneClassOfRoutesDoesNotUseUpAnother() throws Exception {
    String client = "203.0.113.5";
    String upload = "/api/challenges/breast-cancer-diagnosis/submissions?phase=final";
    assertThat(viaProxy("POST", upload, client, null, null).statusCode()).isEqualTo(401);
    assertThat(viaProxy("POST", upload, client, null, null).statusCode()).isEqualTo(401);
    assertThat(viaProxy("POST", upload, client, null, null).statusCode()).isEqualTo(429);
    for (int i = 0; i < 20; i++) {
      // evaluators (here without a valid token) have buckets of their own
      assertThat(viaProxy("POST", "/api/evaluator/lease", client, "not-a-token", null).statusCode()).isEqualTo(401);
    }
    assertThat(reads(20, client)).containsOnly(200);
  }

  @Test
  void aRefusalSaysWhenToTryAgainInTheCallersLanguage() throws Exception {
    String client = "203.0.113.6";
    reads(20, client);

    HttpResponse<String> english = viaProxy("GET", BOARD, client, null, "en-GB,en;q=0.9");
    assertThat(english.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(english.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(error(english).getString("code")).isEqualTo("rate_limited");
    assertThat(error(english).getString("message"))
        .isEqualTo("Too many requests from your address: at most 20 per minute. Try again in " + retryAfter + " s.");

    HttpResponse<String> french = viaProxy("GET", BOARD, client, null, "fr-FR,fr;q=0.9");
    assertThat(french.statusCode()).isEqualTo(429);
    assertThat(error(french).getString("message"))
        .startsWith("Trop de requêtes depuis votre adresse : au plus 20 par minute. Réessayez dans ");
  }

  @Test
  void aClientHoldsALimitedNumberOfLiveStreams() throws Exception {
    String events = "/api/challenges/breast-cancer-diagnosis/events";
    try (Socket first = openStream(events, "203.0.113.7"); Socket second = openStream(events, "203.0.113.7")) {
      assertThat(status(first)).contains(" 200 ");
      assertThat(status(second)).contains(" 200 ");
      try (Socket third = openStream(events, "203.0.113.7")) {
        assertThat(status(third)).contains(" 429 ");
      }
      try (Socket elsewhere = openStream(events, "203.0.113.8")) {
        assertThat(status(elsewhere)).as("another client behind the proxy").contains(" 200 ");
      }
      first.close();
      Instant deadline = Instant.now().plusSeconds(10);
      String again;
      do {
        try (Socket next = openStream(events, "203.0.113.7")) {
          again = status(next);
        }
      } while (!again.contains(" 200 ") && Instant.now().isBefore(deadline));
      assertThat(again).as("a stream closed frees its place").contains(" 200 ");
    }
  }

  @Test
  void aTrustedProxyMayHoldMoreConnectionsThanOneClient() throws Exception {
    int cap = EdgeLimits.defaults().maxConnectionsPerAddress();
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < cap + 5; i++) {
        open.add(openStream("/api/challenges/breast-cancer-diagnosis/events", "192.0.2." + (100 + i)));
      }
      for (Socket s : open.subList(cap, open.size())) {
        assertThat(status(s)).contains(" 200 ");
      }
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
  }

  private static Socket openStream(String path, String forwardedFor) throws IOException {
    Socket socket = new Socket("127.0.0.1", platform.port());
    socket.setSoTimeout(5000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + forwardedFor
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  private static String status(Socket socket) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = socket.getInputStream().read()) != -1 && c != '\n'; ) {
      line.append((char) c);
    }
    return line.toString();
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }
}
