package org.palmares.evaluator.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.SiteData;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.protocol.Wire;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;

/**
 * Everything a governed site sends is aggregate, on the wire. A real evaluator (Docker sandbox,
 * the demo's hidden data) talks HTTP to a server recording every request body; the submissions
 * print the hidden inputs and their per-case predictions to their logs, and one writes an invalid
 * file whose detailed sentence would quote a test id. No test id, input row or prediction leaves the
 * governed site, in any body; the same runs at an ungoverned evaluator do send them (so the check
 * can fail). The same site refuses jobs above its ceilings or with a scoring image it does not
 * accept, and holds its scored result until its operator approves exactly the bytes shown.
 */
class SiteWireIT {
  private static final String CHALLENGE = "breast-cancer-diagnosis";
  private static DockerClient docker;
  private static String leaky;
  private static String invalid;
  @TempDir static Path work;

  @BeforeAll
  static void images() {
    docker = TestImages.docker();
    TestImages.requireBaseImages();
    leaky = TestImages.hostile("site-leaky");
    invalid = TestImages.hostile("site-leaky-invalid");
  }

  static EvaluationSpec spec(double cpus, String scoringImage) {
    return new EvaluationSpec(CHALLENGE, "final", "binary-classification",
        EvaluationSpec.HiddenData.binary("hidden/test-inputs.csv", "hidden/test-labels.csv", "id", "diagnosis", "M"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "malignant"),
        EvaluationSpec.MetricSpec.of("roc_auc", "accuracy", "sensitivity", "specificity", "log_loss"),
        new EvaluationSpec.Bootstrap(200, 20261125), new EvaluationSpec.Split(0.5, 7),
        new SandboxLimits(cpus, 512L * 1024 * 1024, 120, 10L * 1024 * 1024, 128, 64L * 1024 * 1024, 64 * 1024),
        scoringImage);
  }

  private static Job job(String id, String image, EvaluationSpec spec) {
    return new Job(id, 1, "w", image, "unused", spec, 60_000, "de");
  }

  /** Runs {@code jobs} through an evaluator (governed by {@code gate}, or not) until each is reported. */
  private static void run(RecordingPlatform platform, String name, SiteGate gate, List<Job> jobs) throws Exception {
    platform.jobs.addAll(jobs);
    try (Evaluator evaluator = new Evaluator(
        new Evaluator.Settings(name, name + "#1", work.resolve(name), 1, Duration.ofMillis(100), Duration.ofSeconds(5)),
        new HttpJobChannel(platform.uri(), "token"), new DockerSandbox(docker, name, Clock.systemUTC()),
        new DockerImages(docker), new SiteData(TestImages.repoRoot().resolve("challenges")),
        new Capacity(2, 4L * 1024 * 1024 * 1024), gate)) {
      evaluator.start();
      platform.await("/report", jobs.size(), 240_000);
      if (gate != null && gate.outbox() != null) {
        approveAndAwait(platform, gate.outbox().dir());
      }
    }
  }

  private static String shownBytes;

  /** The operator lists, shows and approves the held result; the evaluator sends it. */
  private static void approveAndAwait(RecordingPlatform platform, Path outbox) throws Exception {
    String list = cli(outbox, "list");
    assertThat(list).contains("sub_valid.1").contains("awaiting_decision");
    shownBytes = cli(outbox, "show", "sub_valid.1");
    cli(outbox, "approve", "sub_valid.1");
    platform.await("/release", 1, 20_000);
  }

  private static String cli(Path outbox, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--outbox", outbox.toString()));
    int code = ReleaseCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
        all.toArray(String[]::new));
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Every test id of the site's hidden data, and the first input rows (as the container printed them). */
  private static List<String> hiddenStrings() throws Exception {
    List<String> lines = Files.readAllLines(TestImages.repoRoot()
        .resolve("challenges/" + CHALLENGE + "/hidden/test-inputs.csv"));
    List<String> strings = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      strings.add(line.substring(0, line.indexOf(','))); // the id
    }
    lines.subList(1, 21).forEach(l -> strings.add(l.substring(l.indexOf(',') + 1, Math.min(l.length(), 60))));
    strings.add("LEAK-MARKER");
    return strings;
  }

  private static String wire(RecordingPlatform platform) {
    return platform.requests.stream().map(r -> r.path() + " " + r.text()).collect(Collectors.joining("\n"));
  }

  @Test
  void aGovernedSiteSendsAggregatesOnlyRefusesWhatItsPolicyDoesNotAllowAndReleasesOnApproval() throws Exception {
    // The control: an ungoverned evaluator sends the logs and the detailed sentence, with the hidden ids in them.
    List<String> predictions = new ArrayList<>();
    try (RecordingPlatform open = new RecordingPlatform()) {
      run(open, "site-wire-open", null, List.of(job("sub_valid", leaky, spec(1, null)),
          job("sub_invalid", invalid, spec(1, null))));
      String sent = wire(open);
      assertThat(sent).as("the check below can fail: without a policy the logs leave").contains("LEAK-MARKER")
          .contains("case-0003");
      Matcher m = Pattern.compile("LEAK-MARKER prediction (case-[0-9]+) (0\\.[0-9]{9})").matcher(sent);
      while (m.find()) {
        predictions.add(m.group(2));
      }
      assertThat(predictions).as("predictions seen in the open site's logs").hasSizeGreaterThan(50);
    }

    SitePolicy policy = new SitePolicy("de", Set.of(CHALLENGE), new Ceilings(1.0, 1024L, 300L, 0), Set.of(), 5,
        Set.of(), Release.MANUAL, null);
    try (RecordingPlatform platform = new RecordingPlatform();
        SiteGate gate = new SiteGate(policy, DockerImages.digestsOn(docker),
            Outbox.open(work.resolve("outbox")), Duration.ofMillis(200))) {
      run(platform, "site-wire-de", gate, List.of(
          job("sub_valid", leaky, spec(1, null)),
          job("sub_invalid", invalid, spec(1, null)),
          job("sub_big", leaky, spec(2, null)),
          job("sub_scorer", leaky, spec(1, "palmares/baseline-constant:latest"))));

      Map<String, JobReport> reports = new java.util.HashMap<>();
      for (RecordingPlatform.Request r : platform.to("/report")) {
        Wire.ReportRequest request = ProtocolJson.MAPPER.readValue(r.body(), Wire.ReportRequest.class);
        reports.put(r.path().split("/")[4], request.report());
      }
      assertThat(reports.get("sub_valid").outcome()).isEqualTo(JobReport.AWAITING_RELEASE);
      assertThat(reports.get("sub_valid").scores()).isNull();
      assertThat(reports.get("sub_invalid").outcome()).isEqualTo("INVALID_OUTPUT");
      assertThat(reports.get("sub_invalid").message())
          .isEqualTo("The predictions could not be scored: an id appears more than once.");
      assertThat(reports.get("sub_big").outcome()).isEqualTo(JobReport.REFUSED_BY_SITE);
      assertThat(reports.get("sub_big").message()).isEqualTo("site de allows at most 1 CPUs; the phase asks 2");
      assertThat(reports.get("sub_scorer").outcome()).isEqualTo(JobReport.REFUSED_BY_SITE);
      assertThat(reports.get("sub_scorer").message())
          .startsWith("site de does not accept the scoring image palmares/baseline-constant:latest (digest sha256:");
      assertThat(platform.requests.stream().filter(r -> r.path().endsWith("/image")))
          .as("a refused job's image is never fetched").isEmpty();

      RecordingPlatform.Request release = platform.to("/release").get(0);
      assertThat(release.path()).isEqualTo("/api/evaluator/jobs/sub_valid/release");
      assertThat(release.text()).as("exactly the bytes the operator was shown").isEqualTo(shownBytes);
      Wire.ReleaseRequest released = ProtocolJson.MAPPER.readValue(release.body(), Wire.ReleaseRequest.class);
      assertThat(released.approved()).isTrue();
      assertThat(released.report().scores().privatePart().metrics()).containsKey("roc_auc");

      String sent = wire(platform);
      for (String hidden : hiddenStrings()) {
        assertThat(sent).as("nothing of the hidden data leaves the site").doesNotContain(hidden);
      }
      for (String p : predictions) {
        assertThat(sent).as("no per-case prediction leaves the site").doesNotContain(p);
      }
    }
  }
}
