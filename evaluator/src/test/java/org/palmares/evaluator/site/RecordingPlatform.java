package org.palmares.evaluator.site;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.ProtocolJson;

/**
 * A real HTTP server standing for the platform's evaluator API, recording every request exactly
 * as it arrived (path and body bytes): what a site sends on the wire. It hands out the jobs queued
 * in it, holds every lease, takes every report and release, and can be made to fail releases (the
 * platform unreachable behind a proxy: 502) a given number of times.
 */
final class RecordingPlatform implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String path, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Queue<Job> jobs = new ConcurrentLinkedQueue<>();
  final AtomicInteger releaseFailures = new AtomicInteger();
  private final HttpServer server;

  RecordingPlatform() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.add(new Request(exchange.getRequestMethod(), path, body));
      int status = 200;
      String answer = "{}";
      if (path.endsWith("/incarnations")) {
        answer = "{\"handedBack\":0}";
      } else if (path.endsWith("/lease")) {
        Job job = jobs.poll();
        if (job == null) {
          status = 204;
        } else {
          answer = ProtocolJson.MAPPER.writeValueAsString(job);
        }
      } else if (path.endsWith("/heartbeat")) {
        answer = "{\"held\":true}";
      } else if (path.endsWith("/report")) {
        answer = "{\"result\":\"ACCEPTED\"}";
      } else if (path.endsWith("/release")) {
        if (releaseFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          status = 502;
          answer = "Bad Gateway";
        } else {
          answer = "{\"result\":\"ACCEPTED\"}";
        }
      } else {
        status = 404;
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
      if (status != 204) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  List<Request> to(String suffix) {
    return requests.stream().filter(r -> r.path().endsWith(suffix)).toList();
  }

  /** Waits until {@code count} requests ending in {@code suffix} arrived. */
  List<Request> await(String suffix, int count, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (to(suffix).size() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("waited " + millis + " ms for " + count + " request(s) to " + suffix + "; got "
            + requests.stream().map(Request::path).toList());
      }
      Thread.sleep(50);
    }
    return to(suffix);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
