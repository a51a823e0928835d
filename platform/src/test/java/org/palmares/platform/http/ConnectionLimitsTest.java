package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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

/**
 * Connections that hold the server without using it, with real sockets: silent, half-sent,
 * trickled, announced-but-never-sent bodies, and too many from one address. Short limits make
 * each case end within seconds; the test only waits for the server to close the connection.
 */
class ConnectionLimitsTest {
  /** Far longer than any limit below: a connection still open after this is held indefinitely. */
  private static final Duration GIVE_UP = Duration.ofSeconds(20);
  private static final EdgeLimits SHORT = EdgeLimits.defaults()
      .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));

  @TempDir static Path work;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false), SHORT.withMaxConnectionsPerAddress(8));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("localhost", platform.port());
    socket.setSoTimeout(250);
    return socket;
  }

  /**
   * Sends {@code trickle} (one byte every 500 ms, faster than the idle timeout) until the server
   * closes the connection; returns what the server sent, or fails after {@link #GIVE_UP}.
   */
  private static String untilClosed(Socket socket, String trickle) throws IOException, InterruptedException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    StringBuilder received = new StringBuilder();
    Instant deadline = Instant.now().plus(GIVE_UP);
    int next = 0;
    byte[] buffer = new byte[8192];
    while (Instant.now().isBefore(deadline)) {
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return received.toString();
        }
        received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        continue;
      } catch (SocketTimeoutException stillOpen) {
        // nothing yet
      } catch (IOException reset) {
        return received.toString();
      }
      if (trickle != null) {
        try {
          out.write(trickle.charAt(next++ % trickle.length()));
          out.flush();
        } catch (IOException closed) {
          return received.toString();
        }
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the connection was still open after " + GIVE_UP + "; received: " + received);
  }

  @Test
  void aSilentConnectionIsClosed() throws Exception {
    try (Socket socket = connect()) {
      assertThat(untilClosed(socket, null)).isEmpty();
    }
  }

  @Test
  void aRequestWhoseHeadersTrickleInIsCutAfterTheHeaderTimeout() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
      untilClosed(socket, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }
  }

  @Test
  void anUploadThatAnnouncesAHugeBodyAndSendsNothingIsCut() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 10000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = untilClosed(socket, null);
      assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
    }
  }

  @Test
  void anImageUploadThatAnnouncesAGigabyteAndSendsNothingIsCutWithoutMakingASubmission() throws Exception {
    String token = org.palmares.platform.testing.People.competitor(platform, "breast-cancer-diagnosis", "silent");
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("POST /api/challenges/breast-cancer-diagnosis/submissions?phase=final HTTP/1.1\r\n"
          + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = untilClosed(socket, null);
      assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
    }
    // nothing half-made is left behind
    Thread.sleep(500);
    java.net.http.HttpResponse<String> team = new org.palmares.platform.testing.Http(platform.port())
        .get("/api/challenges/breast-cancer-diagnosis/submissions", token);
    assertThat(team.body()).contains("\"submissions\":[]");
  }

  @Test
  void aBodyThatTricklesInIsAnswered408AndCut() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 10000\r\n\r\n{\"email\":\"").getBytes(StandardCharsets.US_ASCII));
      assertThat(untilClosed(socket, "aaaaaaaaaa")).startsWith("HTTP/1.1 408").contains("body_timeout");
    }
  }

  @Test
  void aKeptAliveConnectionIsClosedWhenNoNextRequestComes() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(untilClosed(socket, null)).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        held.add(connect());
      }
      try (Socket extra = connect()) {
        extra.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(untilClosed(extra, null)).as("the connection over the cap")
            .satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 503"));
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    Thread.sleep(200); // the server sees the closes
    try (Socket again = connect()) {
      again.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(untilClosed(again, null)).startsWith("HTTP/1.1 200");
    }
  }
}
