package org.palmares.platform.bench;

import com.github.dockerjava.api.DockerClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Fixtures;

/**
 * Soak benchmark (a command, not a test): {@code N} submissions, a mix of good and hostile images,
 * through one real platform started as its own process ({@code palmares.jar serve}, with its
 * embedded evaluator), over the HTTP API. Prints lost, stuck and duplicated submissions (each must
 * end exactly once in a final state, after one attempt), wrong outcomes, leftover containers and
 * work folders, and the platform process's resident memory every {@code N/10} submissions.
 * Run with {@code scripts/benchmark.sh soak [N]}.
 */
public final class SoakBenchmark {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String PASSWORD = "a long soak passphrase";

  /** A kind of submission: the image and the outcome it must end with. */
  record Kind(String name, String image, String outcome) {}

  private static final List<Kind> MIX = List.of(
      new Kind("good", "palmares/baseline-constant:latest", "SUCCEEDED"),
      new Kind("crash", "palmares-test/img-crash:latest", "EXITED_NONZERO"),
      new Kind("good", "palmares/baseline-constant:latest", "SUCCEEDED"),
      new Kind("nonzero exit", "palmares-test/exit-nonzero:latest", "EXITED_NONZERO"),
      new Kind("output flood", "palmares-test/output-flood:latest", "OUTPUT_TOO_LARGE"),
      new Kind("good", "palmares/baseline-constant:latest", "SUCCEEDED"),
      new Kind("sleep past the limit", "palmares-test/sleeper:latest", "TIMED_OUT"),
      new Kind("OOM", "palmares-test/memory-hog:latest", "OOM_KILLED"),
      new Kind("invalid predictions", "palmares-test/malformed:latest", "INVALID_OUTPUT"));

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String base;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    Path work = Files.createTempDirectory("palmares-soak");
    Map<String, Path> archives = archives(work);
    // the demo challenge without quotas, with a short wall clock and a small memory limit
    Path challenges = work.resolve("challenges");
    Bundles.demoCopy(challenges, SLUG, yaml -> yaml.replaceAll("(?m)^\\s*quota: \\{.*}\\s*$\\n", "")
        .replaceAll("(?m)^  wallClockSeconds: \\d+$", "  wallClockSeconds: 6")
        .replaceAll("(?m)^  memoryMiB: \\d+$", "  memoryMiB: 256"));
    Path data = work.resolve("data");
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    Process platform = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "serve", "--data", data.toString(),
        "--challenges", challenges.toString(), "--port", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(work.resolve("platform.log").toFile()).start();
    long pid = platform.pid();
    String evaluatorName = "local-" + DigestUtils.sha256Hex(data.toAbsolutePath().normalize().toString()).substring(0, 12);
    List<String> rss = new ArrayList<>();
    long started = System.nanoTime();
    try {
      awaitUp(platform);
      rss.add(String.format(Locale.ROOT, "| 0 (started) | %d |", rssKiB(pid) / 1024));
      String token = competitor();
      Map<String, Kind> accepted = new LinkedHashMap<>();
      int refused = 0;
      for (int i = 0; i < n; i++) {
        Kind kind = MIX.get(i % MIX.size());
        // uploads are rate-limited per address (120 an hour): spread them over loopback addresses
        String from = "127.0.0." + (2 + i / 100);
        JsonObject r = upload(token, archives.get(kind.image()), from);
        if (r != null) {
          accepted.put(r.getString("id"), kind);
        } else {
          refused++;
        }
        if ((i + 1) % Math.max(1, n / 10) == 0) {
          waitForQueueBelow(token, 20);
          rss.add(String.format(Locale.ROOT, "| %d | %d |", i + 1, rssKiB(pid) / 1024));
        }
      }
      Map<String, JsonObject> finals = awaitFinal(token, accepted.keySet(), Duration.ofMinutes(30));
      rss.add(String.format(Locale.ROOT, "| %d (all final) | %d |", n, rssKiB(pid) / 1024));
      double minutes = (System.nanoTime() - started) / 60e9;
      report(n, refused, accepted, finals, token, evaluatorName, data, rss, minutes);
    } finally {
      platform.destroy();
      if (!platform.waitFor(60, TimeUnit.SECONDS)) {
        platform.destroyForcibly();
      }
    }
    System.out.printf(Locale.ROOT, "after the platform stopped: %d container(s) of its evaluator, %d work folder(s)%n",
        containersOf(evaluatorName), workFolders(data));
    deleteTree(work); // the saved archives and the platform's data: a GB or more
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void report(int n, int refused, Map<String, Kind> accepted, Map<String, JsonObject> finals,
      String token, String evaluatorName, Path data, List<String> rss, double minutes) throws Exception {
    JsonArray listed = listed(token);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < listed.size(); i++) {
      seen.merge(listed.getJsonObject(i).getString("id"), 1, Integer::sum);
    }
    long lost = accepted.keySet().stream().filter(id -> !seen.containsKey(id)).count();
    long duplicated = seen.values().stream().filter(c -> c > 1).count() + Math.max(0, listed.size() - accepted.size());
    long stuck = accepted.keySet().stream().filter(id -> !finals.containsKey(id)).count();
    long retried = finals.values().stream().filter(s -> s.getInteger("attempt", 0) != 1).count();
    Map<String, int[]> byKind = new LinkedHashMap<>();
    long wrong = 0;
    for (Map.Entry<String, Kind> e : accepted.entrySet()) {
      JsonObject s = finals.get(e.getKey());
      int[] counts = byKind.computeIfAbsent(e.getValue().name() + " -> " + e.getValue().outcome(), k -> new int[2]);
      counts[0]++;
      if (s != null && e.getValue().outcome().equals(s.getString("outcome"))) {
        counts[1]++;
      } else if (s != null) {
        wrong++;
        System.out.println("unexpected: " + e.getValue().name() + " ended " + s.getString("status") + " "
            + s.getString("outcome") + ": " + s.getString("message"));
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "soak: %d submissions (%d accepted, %d refused) in %.1f min%n", n, accepted.size(),
        refused, minutes);
    System.out.println("| kind -> expected outcome | submitted | ended so |");
    System.out.println("|---|---|---|");
    byKind.forEach((k, c) -> System.out.printf(Locale.ROOT, "| %s | %d | %d |%n", k, c[0], c[1]));
    System.out.printf(Locale.ROOT, "%n%d lost, %d stuck, %d duplicated, %d run more than once, %d wrong outcome(s)%n",
        lost, stuck, duplicated, retried, wrong);
    System.out.printf(Locale.ROOT, "leftovers with the platform up: %d container(s) of its evaluator, %d work folder(s)%n",
        containersOf(evaluatorName), workFolders(data));
    System.out.println();
    System.out.println("| submissions sent | platform + embedded evaluator VmRSS MiB |");
    System.out.println("|---|---|");
    rss.forEach(System.out::println);
  }

  /** Saves each image of the mix once (building the test images first). */
  private static Map<String, Path> archives(Path work) throws IOException {
    Map<String, Path> archives = new HashMap<>();
    for (Kind k : MIX) {
      if (!archives.containsKey(k.image())) {
        if (k.image().startsWith("palmares-test/")) {
          TestImages.hostile(k.image().substring("palmares-test/".length(), k.image().indexOf(':')));
        }
        archives.put(k.image(), TestImages.save(k.image(), work.resolve(archives.size() + ".tar")));
      }
    }
    return archives;
  }

  /** Registers, logs in, accepts the rules and creates a team, all over the API; returns the token. */
  private static String competitor() throws Exception {
    post("/api/accounts", null, new JsonObject().put("email", "soak@example.org").put("name", "Soak")
        .put("password", PASSWORD));
    String token = new JsonObject(post("/api/tokens", null, new JsonObject().put("email", "soak@example.org")
        .put("password", PASSWORD).put("name", "soak").put("expiresInDays", 2)).body()).getString("token");
    int version = new JsonObject(get("/api/challenges/" + SLUG, null).body()).getJsonObject("rules").getInteger("version");
    post("/api/challenges/" + SLUG + "/rules/acceptance", token, new JsonObject().put("version", version));
    post("/api/challenges/" + SLUG + "/teams", token, new JsonObject().put("name", "Soak team"));
    return token;
  }

  /** Uploads with curl from a given loopback address; the created submission, or null when refused. */
  private static JsonObject upload(String token, Path archive, String from) throws Exception {
    Process curl = new ProcessBuilder("curl", "-s", "--interface", from, "-H", "Authorization: Bearer " + token,
        "--data-binary", "@" + archive, "-w", "\n%{http_code}",
        base.replace("127.0.0.1", from) + "/api/challenges/" + SLUG + "/submissions?phase=final")
        .redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    curl.waitFor();
    int cut = out.lastIndexOf('\n');
    String code = out.substring(cut + 1).strip();
    if (!code.equals("202")) {
      System.out.println("upload refused (" + code + "): " + out.substring(0, Math.max(0, cut)));
      return null;
    }
    return new JsonObject(out.substring(0, cut));
  }

  /** Waits until fewer than {@code max} of the team's submissions are waiting, so samples see a working platform. */
  private static void waitForQueueBelow(String token, int max) throws Exception {
    while (true) {
      JsonArray all = listed(token);
      long waiting = 0;
      for (int i = 0; i < all.size(); i++) {
        String status = all.getJsonObject(i).getString("status");
        if (status.equals("QUEUED") || status.equals("RUNNING")) {
          waiting++;
        }
      }
      if (waiting < max) {
        return;
      }
      Thread.sleep(2000);
    }
  }

  private static Map<String, JsonObject> awaitFinal(String token, java.util.Set<String> ids, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, JsonObject> finals = new HashMap<>();
    while (System.nanoTime() < deadline) {
      finals.clear();
      JsonArray all = listed(token);
      for (int i = 0; i < all.size(); i++) {
        JsonObject s = all.getJsonObject(i);
        String status = s.getString("status");
        if (ids.contains(s.getString("id")) && !status.equals("QUEUED") && !status.equals("RUNNING")) {
          finals.put(s.getString("id"), s);
        }
      }
      if (finals.size() == ids.size()) {
        break;
      }
      Thread.sleep(2000);
    }
    return finals;
  }

  private static JsonArray listed(String token) throws Exception {
    String body = get("/api/challenges/" + SLUG + "/submissions", token).body();
    return body.startsWith("[") ? new JsonArray(body) : new JsonObject(body).getJsonArray("submissions");
  }

  private static long containersOf(String evaluator) {
    DockerClient docker = TestImages.docker();
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerSandbox.MANAGED_LABEL, "true", DockerSandbox.OWNER_LABEL, evaluator)).exec().size();
  }

  private static long workFolders(Path data) throws IOException {
    Path runs = data.resolve("evaluator");
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(Files::isDirectory).count();
    }
  }

  private static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static void awaitUp(Process platform) throws Exception {
    for (int i = 0; i < 240; i++) {
      if (!platform.isAlive()) {
        throw new IllegalStateException("the platform exited with " + platform.exitValue());
      }
      try {
        if (get("/api/challenges", null).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the platform did not come up in 2 minutes");
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
