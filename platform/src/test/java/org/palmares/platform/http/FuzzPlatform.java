package org.palmares.platform.http;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.palmares.platform.Platform;
import org.palmares.platform.account.Account;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * One platform for the HTTP fuzz tests of this JVM (started on first use, closed at exit), with
 * callers holding the right and wrong credentials, and a raw HTTP/1.1 client that sends what a
 * browser or {@code java.net.http} would refuse to (bad {@code %} escapes, raw bytes in paths and
 * headers). Each client address of 127.0.0.0/8 gets its own rate-limit budget, so the fuzzer
 * rotates through them to reach the handlers rather than the rate limiter.
 */
final class FuzzPlatform {
  static final String SLUG = "breast-cancer-diagnosis";
  private static FuzzPlatform instance;

  final Platform platform;
  /** Bearer tokens by caller: a competitor, an organizer of {@link #SLUG}, an admin, an evaluator of it. */
  final Map<String, String> tokens = new LinkedHashMap<>();
  /** Logged-in browsers by caller. */
  final Map<String, Http.WebSession> sessions = new LinkedHashMap<>();
  private int requests;

  /** What came back: the status, the media type and the body. */
  record Answer(int status, String contentType, String body) {
    boolean isJsonError() {
      try {
        JsonObject error = new JsonObject(body).getJsonObject("error");
        return contentType.startsWith("application/json") && error != null && error.getString("code") != null
            && error.getString("message") != null;
      } catch (RuntimeException e) {
        return false;
      }
    }

    boolean isHtml() {
      return contentType.startsWith("text/html");
    }
  }

  private FuzzPlatform(Path work) throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    Account competitor = People.account(platform, "Fuzz Competitor");
    People.joinTeam(platform, competitor, SLUG, "fuzz-team");
    Account organizer = People.account(platform, "Fuzz Organizer");
    platform.services().accounts().grantOrganizer(organizer.id(), SLUG);
    Account admin = People.account(platform, "Fuzz Admin");
    platform.services().accounts().setAdmin(admin.id(), true);
    Http http = new Http(platform.port());
    for (Map.Entry<String, Account> e : Map.of("competitor", competitor, "organizer", organizer, "admin", admin)
        .entrySet()) {
      tokens.put(e.getKey(), People.token(platform, e.getValue()));
      sessions.put(e.getKey(), http.logIn(e.getValue().email(), People.PASSWORD));
    }
    tokens.put("evaluator", platform.evaluatorCredentials().create("fuzz-site", List.of(SLUG), Instant.now()).token());
  }

  static synchronized FuzzPlatform get() throws Exception {
    if (instance == null) {
      Path work = Files.createTempDirectory("http-fuzz");
      instance = new FuzzPlatform(work);
      Runtime.getRuntime().addShutdownHook(new Thread(instance.platform::close));
    }
    return instance;
  }

  /**
   * Sends one request as raw bytes: {@code target} goes on the request line as given, headers as
   * given, the body with its length. Throws when the server does not answer within 15 s.
   */
  Answer send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
    int address = 2 + (requests++ / 100) % 250; // a fresh rate-limit budget every 100 requests
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0." + address, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", platform.port()), 5_000);
      socket.setSoTimeout(15_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> h : headers.entrySet()) {
        request.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      if (body != null) {
        request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        request.write(body);
      }
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException e) {
        // the server may refuse and close before reading the whole body: read its answer anyway
      }
      return parse(new java.io.BufferedInputStream(socket.getInputStream()));
    }
  }

  /**
   * Reads one answer, its body by its length or its chunks: never waiting for the server to close,
   * since it may linger to drain a body it refused.
   */
  private static Answer parse(InputStream in) throws IOException {
    String head = line(in);
    if (!head.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP answer: " + head);
    }
    int status = Integer.parseInt(head.substring(9, 12));
    String contentType = "";
    boolean chunked = false;
    long length = -1;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = lower.substring(13).trim();
      } else if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (contentType.startsWith("text/event-stream")) {
      return new Answer(status, contentType, ""); // a stream that never ends: its head is the answer
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
        body.write(in.readNBytes(size));
        line(in);
      }
    } else if (length >= 0) {
      body.write(in.readNBytes((int) length));
    } else {
      body.write(in.readAllBytes());
    }
    return new Answer(status, contentType, body.toString(StandardCharsets.UTF_8));
  }

  private static int chunkSize(InputStream in) throws IOException {
    String line = line(in).split(";")[0].trim();
    return line.isEmpty() ? 0 : Integer.parseInt(line, 16);
  }

  /** One CRLF-terminated line (ISO-8859-1), without its terminator; what is left at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
