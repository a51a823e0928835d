package org.palmares.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.SubmissionService;

/** A team's upload through the API, leased and reported through the queue as an evaluator would. */
public final class ScoredUploads {
  private static int uploads;

  private ScoredUploads() {}

  /** A platform on a free port serving the repository's challenges from {@code work/data}, its evaluator left out. */
  public static Platform platformWithoutEvaluator(Path work) throws Exception {
    return Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false), org.palmares.platform.http.EdgeLimits.defaults());
  }

  /**
   * A result of the evaluator's real scorer for {@code predictions} on the final phase of {@code slug}, uploaded by
   * a new team {@code team}.
   */
  public static String scoredForReal(Platform platform, Http http, Path work, String slug, String team,
      String predictions) throws Exception {
    var challenge = platform.challenges().find(slug).orElseThrow();
    return upload(platform, http, work, slug, "final", team, Fixtures.scoredForReal(
        challenge.evaluationSpec(challenge.phase("final").orElseThrow()), work, predictions));
  }

  /**
   * Uploads a fresh fake image for a new competitor team {@code team} to {@code phase} and reports it as {@code report}.
   *
   * @return the submission id
   */
  public static synchronized String upload(Platform platform, Http http, Path work, String slug, String phase,
      String team, JobReport report) throws Exception {
    String token = People.competitor(platform, slug, team);
    // another image each time (a team may not send the same one twice)
    Path image = ImageArchives.fake(work.resolve("image-" + (++uploads) + ".tar"), 1024 + uploads);
    HttpResponse<String> accepted = http.upload(slug, phase, token, HttpRequest.BodyPublishers.ofFile(image));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = new JsonObject(accepted.body()).getString("id");
    SubmissionService queue = platform.submissions();
    Job job = queue.lease("test-worker", null).orElseThrow();
    assertThat(job.submissionId()).isEqualTo(id);
    assertThat(queue.report(id, "test-worker", job.attempt(), report)).isEqualTo(SubmissionService.ReportResult.ACCEPTED);
    return id;
  }
}
