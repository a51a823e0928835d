package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Malformed and random requests to every route of {@link AuthorizationMatrixTest}'s table, with
 * the right and the wrong credentials: mangled paths (bad {@code %} escapes, huge or odd segments),
 * query values, headers and bodies (bad JSON, wrong types, huge fields, bad forms). Every answer
 * is below 500 and in the documented shape: the JSON error for {@code /api}, an HTML page for
 * pages. Seeded, so a failure replays; bounded to a few thousand requests.
 */
class HttpFuzzTest {
  private static final int REQUESTS_PER_ROW = 40;
  private static final long SEED = 20261202L;

  private static final String[] JUNK = {
      "%", "%zz", "%c3%28", "%00", "%0d%0aX-Injected:%20yes", "%2e%2e%2f%2e%2e", "..", "%252e", "\u00e9t\u00e9",
      "a".repeat(9000), "-1", "0", "1e309", "NaN", "null", "[]", "{}", "%ff%fe", "s_" + "9".repeat(40), " ", "%20",
      "x;y", "x?y=%", "\t", "~", "*", "%u0041", "' OR '1'='1", "<script>", "final", "private", "public",
  };
  private static final String[] JSON_BODIES = {
      "", "{", "}", "[]", "null", "\"text\"", "42", "{\"name\":5}", "{\"name\":[\"a\"]}", "{\"version\":\"x\"}",
      "{\"version\":1e400}", "{\"code\":{}}", "{\"email\":true,\"password\":{}}", "{\"worker\":null}",
      "{\"worker\":\"w\",\"attempt\":\"one\"}", "{\"worker\":\"w\",\"attempt\":1,\"report\":[]}",
      "{\"worker\":\"w\",\"attempt\":99999999999999999999,\"report\":{\"splits\":\"x\"}}",
      "{\"reason\":" + "\"" + "r".repeat(20_000) + "\"}", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
      "{\"name\":\"\\ud800\"}", "\u0000\u0001\u0002", "{\"currentPassword\":1,\"newPassword\":2}",
  };
  private static final String[] FORM_BODIES = {
      "email=%zz", "email=%&password=%", "name=" + "n".repeat(9000), "next=/account%0d%0aSet-Cookie:x=y",
      "next=%09//evil.example", "version=abc", "version=1e99", "code=%00", "csrf=%zz", "a=b=c&&&=", "%%%%",
      "email=x%40example.org&password=" + "p".repeat(20_000), "name=\u00e9&csrf=x",
  };
  private static final String[] CONTENT_TYPES = {
      "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=zz",
      "application/octet-stream", "application/json; charset=ebcdic", "%zz",
  };

  @Test
  void malformedRequestsToEveryRouteAreAnsweredBelow500InTheDocumentedShape() throws Exception {
    FuzzPlatform fuzz = FuzzPlatform.get();
    Random random = new Random(SEED);
    Map<String, String> failures = new LinkedHashMap<>();
    TreeSet<String> routes = new TreeSet<>();
    int sent = 0;
    long slowest = 0;
    for (AuthorizationMatrixTest.Row row : AuthorizationMatrixTest.TABLE) {
      routes.add(row.method() + " " + row.route());
      int unanswered = 0;
      for (int i = 0; i < REQUESTS_PER_ROW; i++) {
        String target = target(row, random);
        Map<String, String> headers = headers(row, fuzz, random);
        byte[] body = body(row, random);
        FuzzPlatform.Answer answer;
        long start = System.nanoTime();
        try {
          answer = fuzz.send(row.method(), target, headers, body);
        } catch (java.io.IOException e) {
          failures.putIfAbsent(row.method() + " " + row.route() + " no answer",
              describe(row.method(), target, headers, body) + " -> " + e.getMessage());
          if (++unanswered >= 2) {
            break; // found: waiting for more silence would only slow the test down
          }
          continue;
        }
        sent++;
        slowest = Math.max(slowest, System.nanoTime() - start);
        String problem = problem(target, answer);
        if (problem != null) {
          failures.putIfAbsent(row.method() + " " + row.route() + " " + problem,
              describe(row.method(), target, headers, body) + " -> " + answer.status() + " " + shorten(answer.body()));
        }
      }
    }
    System.out.printf("HttpFuzzTest: %d requests answered, the slowest in %d ms%n", sent, slowest / 1_000_000);
    assertThat(routes).as("every route of the matrix is fuzzed").hasSize(AuthorizationMatrixTest.TABLE.length);
    assertThat(failures).as("requests answered 5xx, unanswered or in the wrong shape").isEmpty();
  }

  /** What is wrong with the answer, or null. */
  private static String problem(String target, FuzzPlatform.Answer answer) {
    if (answer.status() >= 500) {
      return String.valueOf(answer.status());
    }
    if (answer.status() == 414) {
      // The request line was too long to be read: the server cannot know which side the target was
      // on, so either documented shape will do (it answers with the page form).
      return answer.isJsonError() || answer.isHtml() ? null : "not an error page";
    }
    if (answer.status() >= 400) {
      String path = withoutDotSegments(target);
      boolean api = path.startsWith("/api/") || path.equals("/api");
      if (api && !answer.isJsonError()) {
        return "not a JSON error";
      }
      if (!api && !path.startsWith("/assets/") && !answer.isHtml()) {
        return "not an HTML page";
      }
    }
    return null;
  }

  /** The target's path as the router sees it: {@code /api/../x} is the page {@code /x}. */
  private static String withoutDotSegments(String target) {
    String path = target.split("\\?", 2)[0];
    java.util.Deque<String> kept = new java.util.ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        kept.pollLast();
      } else if (!segment.equals(".")) {
        kept.addLast(segment);
      }
    }
    String normal = String.join("/", kept);
    return normal.startsWith("/") ? normal : "/" + normal;
  }

  private static String target(AuthorizationMatrixTest.Row row, Random random) {
    String path = row.path().replace("{slug}", FuzzPlatform.SLUG).replace("{id}", "s_unknown");
    switch (random.nextInt(5)) {
      case 0 -> path = row.path().replace("{slug}", pick(JUNK, random)).replace("{id}", pick(JUNK, random));
      case 1 -> {
        String[] parts = path.split("/", -1);
        int first = path.startsWith("/api/") ? 2 : 1; // stay on the route's side: the API or the pages
        if (parts.length > first) {
          parts[first + random.nextInt(parts.length - first)] = pick(JUNK, random);
        }
        path = String.join("/", parts);
      }
      case 2 -> path = path + (path.contains("?") ? "&" : "?") + pick(new String[] {"phase", "part", "worker",
          "attempt", "next", "page", "limit"}, random) + "=" + pick(JUNK, random);
      case 3 -> path = path + (random.nextBoolean() ? "%" : "?%zz=%");
      default -> { } // the route's own path: the credentials and body are what varies
    }
    return path.replace(" ", "%20").replace("\t", "%09");
  }

  private static Map<String, String> headers(AuthorizationMatrixTest.Row row, FuzzPlatform fuzz, Random random) {
    Map<String, String> headers = new LinkedHashMap<>();
    boolean api = row.path().startsWith("/api/");
    List<String> callers = new ArrayList<>(fuzz.tokens.keySet());
    if (api) {
      switch (random.nextInt(4)) {
        case 0 -> { } // anonymous
        case 1 -> headers.put("Authorization", "Bearer " + pick(JUNK, random).replace("\t", ""));
        case 2 -> headers.put("Authorization", pick(new String[] {"Basic Zm9vOmJhcg==", "Bearer", "bearer  x", "%zz"},
            random));
        default -> headers.put("Authorization", "Bearer " + fuzz.tokens.get(callers.get(random.nextInt(callers.size()))));
      }
    } else if (!row.route().equals("/logout")) { // a real session that logs out would end the fuzzing of pages
      List<String> people = new ArrayList<>(fuzz.sessions.keySet());
      var session = fuzz.sessions.get(people.get(random.nextInt(people.size())));
      switch (random.nextInt(3)) {
        case 0 -> headers.put("Cookie", "palmares_session=" + pick(JUNK, random).replace("\t", ""));
        case 1 -> { } // anonymous
        default -> headers.put("Cookie", session.cookie() + "; palmares_csrf=" + session.csrf());
      }
    }
    headers.put("Content-Type", random.nextInt(3) == 0 ? pick(CONTENT_TYPES, random)
        : api ? "application/json" : "application/x-www-form-urlencoded");
    if (random.nextInt(10) == 0) {
      headers.put("Accept-Language", pick(JUNK, random).replace("\t", ""));
    }
    return headers;
  }

  private static byte[] body(AuthorizationMatrixTest.Row row, Random random) {
    if (!row.method().equals("POST") && !row.method().equals("PUT") && random.nextInt(4) != 0) {
      return null;
    }
    String body = switch (random.nextInt(4)) {
      case 0 -> pick(JSON_BODIES, random);
      case 1 -> pick(FORM_BODIES, random);
      case 2 -> row.body() == null ? "" : row.body();
      default -> {
        byte[] bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        yield new String(bytes, StandardCharsets.ISO_8859_1);
      }
    };
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static String pick(String[] values, Random random) {
    return values[random.nextInt(values.length)];
  }

  private static String describe(String method, String target, Map<String, String> headers, byte[] body) {
    return method + " " + shorten(target) + " " + headers.keySet() + " body=" + (body == null ? "none"
        : shorten(new String(body, StandardCharsets.UTF_8)));
  }

  private static String shorten(String s) {
    String flat = s.replace("\r", "\\r").replace("\n", "\\n");
    return flat.length() > 160 ? flat.substring(0, 160) + "…(" + flat.length() + " chars)" : flat;
  }
}
