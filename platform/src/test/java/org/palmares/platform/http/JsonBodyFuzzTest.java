package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the API's JSON body readers through the real HTTP server: any body
 * sent to a route that reads JSON, with a caller that may use it, is answered below 500, and every
 * refusal is the API's JSON error ({@code {"error": {"code", "message"}}}). Findings are kept as
 * regression inputs under
 * {@code src/test/resources/org/palmares/platform/http/JsonBodyFuzzTestInputs/}.
 */
class JsonBodyFuzzTest {
  /** The routes that read a JSON body, each with the caller who may call it ({@code {id}}: an unknown submission). */
  private static final String[][] ROUTES = {
      {"/api/accounts", null},
      {"/api/tokens", null},
      {"/api/account/password", "competitor"},
      {"/api/challenges/" + FuzzPlatform.SLUG + "/rules/acceptance", "competitor"},
      {"/api/challenges/" + FuzzPlatform.SLUG + "/teams", "competitor"},
      {"/api/challenges/" + FuzzPlatform.SLUG + "/team/join", "competitor"},
      {"/api/organizer/submissions/s_unknown/disqualify", "organizer"},
      {"/api/organizer/submissions/s_unknown/rerun", "organizer"},
      {"/api/evaluator/lease", "evaluator"},
      {"/api/evaluator/jobs/s_unknown/heartbeat", "evaluator"},
      {"/api/evaluator/jobs/s_unknown/report", "evaluator"},
  };

  @FuzzTest(maxDuration = "30s")
  void anyJsonBodyIsAnsweredBelow500InTheApiErrorShape(FuzzedDataProvider data) throws Exception {
    FuzzPlatform fuzz;
    try (SilentCloseable loopback = loopbackOnly()) {
      fuzz = FuzzPlatform.get();
    }
    String[] route = data.pickValue(ROUTES);
    byte[] body = data.consumeRemainingAsBytes();
    Map<String, String> headers = route[1] == null ? Map.of("Content-Type", "application/json")
        : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + fuzz.tokens.get(route[1]));

    FuzzPlatform.Answer answer;
    try (SilentCloseable loopback = loopbackOnly()) {
      answer = fuzz.send("POST", route[0], headers, body);
    }

    assertThat(answer.status()).as("POST %s %s -> %s", route[0], new String(body, java.nio.charset.StandardCharsets.UTF_8),
        answer.body()).isLessThan(500);
    if (answer.status() >= 400) {
      assertThat(answer.isJsonError()).as("error shape of %s", answer.body()).isTrue();
    }
  }

  /**
   * The test talks to its own platform (and the platform to its embedded database) over loopback:
   * not the request forgery Jazzer's detector watches for; any other connection still is one.
   */
  private static SilentCloseable loopbackOnly() {
    return BugDetectors.allowNetworkConnections((host, port) -> host.startsWith("127.") || host.equals("localhost"));
  }
}
