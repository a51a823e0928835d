package org.palmares.platform.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spectators of the board benchmark, in a process of their own: {@code N} server-sent-event
 * streams of one challenge (Vert.x client), each noting when it hears of each board version.
 * Talks to {@link BoardBenchmark} over stdin/stdout: prints {@code READY} once every stream is
 * open; {@code DUMP v} prints {@code ARRIVALS v <count> <epoch µs>,...}; {@code QUIT} ends.
 *
 * <p>Command: {@code SseSpectators PORT SLUG N}.
 */
public final class SseSpectators {
  private static final Pattern VERSION = Pattern.compile("\"part\":\"public\",\"version\":(\\d+)");

  private SseSpectators() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String slug = args[1];
    int n = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1")
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(n));
    Map<Long, List<Long>> arrivals = new ConcurrentHashMap<>();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      client.request(HttpMethod.GET, "/api/challenges/" + slug + "/events")
          .compose(req -> req.send())
          .onSuccess(resp -> {
            if (resp.statusCode() != 200) {
              failed.incrementAndGet();
              return;
            }
            open.incrementAndGet();
            resp.handler(chunk -> {
              long at = micros();
              Matcher m = VERSION.matcher(chunk.toString(StandardCharsets.UTF_8));
              while (m.find()) {
                arrivals.computeIfAbsent(Long.parseLong(m.group(1)), v -> java.util.Collections.synchronizedList(
                    new ArrayList<>())).add(at);
              }
            });
          })
          .onFailure(e -> failed.incrementAndGet());
    }
    while (open.get() + failed.get() < n) {
      Thread.sleep(50);
    }
    System.out.println("READY " + open.get() + " " + failed.get());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
      if (line.startsWith("DUMP ")) {
        long v = Long.parseLong(line.substring(5).trim());
        List<Long> got = arrivals.getOrDefault(v, List.of());
        StringBuilder out = new StringBuilder("ARRIVALS " + v + " " + got.size() + " ");
        synchronized (got) {
          for (long a : got) {
            out.append(a).append(',');
          }
        }
        System.out.println(out);
        System.out.flush();
      }
    }
    vertx.close();
    System.exit(0);
  }

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }
}
