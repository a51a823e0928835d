package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * Hostile containers that try to send hidden data back through what a team sees of a failed run,
 * through the real HTTP API, the real engine and the demo challenge: one copies a hidden input row
 * into its predictions (a detailed validation message would quote it), one exits with a code
 * computed from the hidden inputs. In the {@code final} phase ({@code logs: none}) the team learns
 * the kind of problem only, and the run time in whole 10 s; the organizers and, in the
 * {@code sanity} phase ({@code logs: tail}, public cases), the team keep the detail.
 */
class FeedbackPolicyIT {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final Path BUNDLE = Fixtures.repoRoot().resolve("challenges").resolve(SLUG);

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static String organizer;
  private static Path copyInput;
  private static Path exitFromData;
  private static int teams;

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    TestImages.hostile("fb-copy-input");
    TestImages.hostile("fb-exit-from-data");
    copyInput = TestImages.save("palmares-test/fb-copy-input:latest", work.resolve("copy-input.tar"));
    exitFromData = TestImages.save("palmares-test/fb-exit-from-data:latest", work.resolve("exit-from-data.tar"));
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0));
    http = new Http(platform.port());
    organizer = People.organizer(platform, "Olive Organizer", List.of(SLUG));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aContainerCopyingAHiddenRowIntoItsPredictionsIsToldTheKindOfProblemOnlyWhereLogsAreWithheld()
      throws Exception {
    String[] row = firstRow("hidden/test-inputs.csv");
    String copied = String.join(",", Arrays.asList(row).subList(1, row.length));
    String team = People.competitor(platform, SLUG, "copier-" + (++teams));

    JsonObject seen = submitAndWait(team, "final", copyInput);

    assertThat(seen.getString("status")).as(seen.encodePrettily()).isEqualTo("FAILED");
    assertThat(seen.getString("outcome")).isEqualTo("INVALID_OUTPUT");
    assertThat(seen.getString("message"))
        .isEqualTo("The predictions could not be scored: a value in column 'malignant' is not a number.");
    assertNothingOfTheRunIn(seen, row);
    assertThat(seen.encode()).doesNotContain(copied.substring(0, 12)).doesNotContain("row ");
    assertCoarse(seen);

    JsonObject organizers = organizerView(seen.getString("id"));
    assertThat(organizers.getString("message")).contains("row 2").contains("'" + copied.substring(0, 12))
        .contains("column 'malignant' is not a number");
    assertThat(organizers.getString("problem")).isEqualTo("NOT_A_NUMBER");
    // the result records the engine runtime that ran it, for the organizers (gVisor where the engine offers it)
    if ("1".equals(System.getenv("PALMARES_EXPECT_RUNSC"))) {
      assertThat(organizers.getString("runtime")).isEqualTo("runsc");
    } else {
      assertThat(organizers.getString("runtime")).isIn("runsc", "runc");
    }
    assertThat(seen.containsKey("runtime")).isFalse();
    assertThat(organizers.getDouble("runSeconds") % 10).isNotZero();
  }

  @Test
  void aContainerExitingWithACodeFromTheHiddenDataIsNotToldTheCodeWhereLogsAreWithheld() throws Exception {
    String[] row = firstRow("hidden/test-inputs.csv");
    int code = expectedExitCode(row);
    String team = People.competitor(platform, SLUG, "exiter-" + (++teams));

    JsonObject seen = submitAndWait(team, "final", exitFromData);

    assertThat(seen.getString("outcome")).as(seen.encodePrettily()).isEqualTo("EXITED_NONZERO");
    assertThat(seen.getString("message")).isEqualTo("The container exited with a non-zero code before finishing;"
        + " run it locally with the sandbox flags of the challenge README to see why.");
    assertThat(seen.containsKey("exitCode")).isFalse();
    assertNothingOfTheRunIn(seen, row);
    assertCoarse(seen);

    JsonObject organizers = organizerView(seen.getString("id"));
    assertThat(organizers.getInteger("exitCode")).isEqualTo(code);
    assertThat(organizers.getString("message")).contains("exited with code " + code);
  }

  @Test
  void inAPhaseThatShowsLogsTheTeamKeepsTheDetailOfBothFailures() throws Exception {
    String[] row = firstRow("hidden/sanity-inputs.csv");
    String copied = String.join(",", Arrays.asList(row).subList(1, row.length));
    String team = People.competitor(platform, SLUG, "sanity-" + (++teams));

    JsonObject invalid = submitAndWait(team, "sanity", copyInput);
    assertThat(invalid.getString("message")).as(invalid.encodePrettily()).contains("row 2")
        .contains("'" + copied.substring(0, 12)).contains("in column 'malignant' is not a number");
    assertThat(invalid.containsKey("logTail")).isTrue();

    JsonObject exited = submitAndWait(team, "sanity", exitFromData);
    int code = expectedExitCode(row);
    assertThat(exited.getString("message")).as(exited.encodePrettily()).contains("exited with code " + code);
    assertThat(exited.getInteger("exitCode")).isEqualTo(code);
    assertThat(exited.getDouble("runSeconds") % 10).isNotZero(); // to the millisecond, as before
  }

  /** No id, value, row number or log of the run anywhere in what the team sees. */
  private static void assertNothingOfTheRunIn(JsonObject seen, String[] row) {
    assertThat(seen.containsKey("logTail")).isFalse();
    assertThat(seen.containsKey("exitCode")).isFalse();
    String message = seen.getString("message");
    assertThat(message).doesNotContainPattern("\\d").doesNotContain(row[0]).doesNotContain("row");
    assertThat(seen.encode()).doesNotContain(row[0]);
    // the values of the row, wherever they could be: the message and every field but the timestamps and the image's
    JsonObject rest = seen.copy();
    List.of("createdAt", "startedAt", "finishedAt", "image", "id", "links").forEach(rest::remove);
    for (String value : Arrays.asList(row).subList(1, row.length)) {
      if (value.length() >= 4) {
        assertThat(rest.encode()).as("value %s of the hidden row", value).doesNotContain(value);
      }
    }
  }

  /** Run time and timestamps in whole 10 s, the default of a phase that withholds logs. */
  private static void assertCoarse(JsonObject seen) {
    assertThat(seen.getDouble("runSeconds") % 10).isZero();
    for (String field : List.of("startedAt", "finishedAt")) {
      Instant t = Instant.parse(seen.getString(field));
      assertThat(t.getNano()).as(field).isZero();
      assertThat(t.getEpochSecond() % 10).as(field).isZero();
    }
  }

  private static JsonObject submitAndWait(String team, String phase, Path archive) throws Exception {
    HttpResponse<String> accepted = http.upload(SLUG, phase, team,
        java.net.http.HttpRequest.BodyPublishers.ofFile(archive));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = new JsonObject(accepted.body()).getString("id");
    http.pollSubmission(id, team, Duration.ofMinutes(3), Http::terminal);
    HttpResponse<String> list = http.get("/api/challenges/" + SLUG + "/submissions", team);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonObject listed = new JsonObject(list.body()).getJsonArray("submissions").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow();
    JsonObject single = new JsonObject(http.get("/api/submissions/" + id, team).body());
    assertThat(listed).isEqualTo(single); // the list and the submission's own route say the same
    return single;
  }

  private static JsonObject organizerView(String id) throws Exception {
    JsonObject all = new JsonObject(http.get("/api/organizer/challenges/" + SLUG + "/submissions?phase=final",
        organizer).body());
    return all.getJsonArray("submissions").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private static String[] firstRow(String inputs) throws Exception {
    return Files.readAllLines(BUNDLE.resolve(inputs)).get(1).split(",");
  }

  /** What fb-exit-from-data exits with: the first row's second column as an integer, modulo 256. */
  private static int expectedExitCode(String[] row) {
    int code = (int) Double.parseDouble(row[1]) % 256;
    return code == 0 ? 1 : code;
  }
}
