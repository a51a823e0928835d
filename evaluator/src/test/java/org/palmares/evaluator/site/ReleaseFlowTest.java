package org.palmares.evaluator.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.protocol.Wire;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;

/**
 * Manual release at a site, through the outbox and the operator's CLI, to a real HTTP server
 * standing for the platform: what is shown is exactly what is sent, a rejection withholds, a
 * decision survives a restart of the evaluator and outlasts a platform that cannot be reached.
 */
class ReleaseFlowTest {
  private static final SitePolicy MANUAL = new SitePolicy("de", Set.of("recurrence"), null, Set.of(), 5, Set.of(),
      Release.MANUAL, null);
  @TempDir Path dir;
  private RecordingPlatform platform;
  private HttpJobChannel channel;
  private Path outboxDir;

  @BeforeEach
  void start() throws Exception {
    platform = new RecordingPlatform();
    channel = new HttpJobChannel(platform.uri(), "site-token");
    outboxDir = dir.resolve("outbox");
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private SiteGate gate() {
    return new SiteGate(MANUAL, image -> Set.of(), Outbox.open(outboxDir), Duration.ofMillis(100));
  }

  static Job job(String id) {
    return new Job(id, 1, "ev:de#1/1", "sha256:img", "dig", SitePolicyTest.spec("recurrence", 1, 512, 60, 0, null),
        60_000, "de");
  }

  static JobReport scored() {
    Map<String, MetricValue> m = new LinkedHashMap<>();
    m.put("roc_auc", new MetricValue(0.8125, new Interval(0.71, 0.9, 1000, "bca"), null));
    SplitScores part = new SplitScores(120, 3, m);
    return new JobReport("SUCCEEDED", "The container ran to completion and its predictions were scored.", false,
        new ScoreReport("roc_auc", part, part), "the container's log", 4.2, null, null, null, "runsc");
  }

  /** Runs the CLI in this process; returns what it printed on stdout, failing the test on a non-zero exit. */
  private String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = Stream.concat(Stream.of(args), Stream.of("--outbox", outboxDir.toString())).toArray(String[]::new);
    int code = ReleaseCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), all);
    assertThat(code).as("exit code of %s; stderr: %s", String.join(" ", args), err).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private int cliCode(String... args) {
    String[] all = Stream.concat(Stream.of(args), Stream.of("--outbox", outboxDir.toString())).toArray(String[]::new);
    return ReleaseCli.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), all);
  }

  @Test
  void anApprovedResultIsSentAsExactlyTheBytesShown() throws Exception {
    try (SiteGate gate = gate()) {
      JobReport now = gate.leaving(job("sub_a"), scored());
      assertThat(now.outcome()).isEqualTo(JobReport.AWAITING_RELEASE);
      assertThat(now.scores()).as("nothing of the scores leaves before the approval").isNull();
      gate.start(channel);

      assertThat(cli("list")).contains("sub_a.1").contains("recurrence/final").contains("awaiting_decision");
      String shown = cli("show", "sub_a.1");
      // what is shown is the disclosed report: small positives withheld, no log tail
      Wire.ReleaseRequest request = ProtocolJson.MAPPER.readValue(shown, Wire.ReleaseRequest.class);
      assertThat(request.approved()).isTrue();
      assertThat(request.attempt()).isEqualTo(1);
      assertThat(request.report().scores().publicPart().suppressed()).containsExactly("positives");
      assertThat(request.report().logTail()).isEmpty();
      Thread.sleep(300);
      assertThat(platform.to("/release")).as("nothing is sent before the operator decides").isEmpty();

      assertThat(cli("approve", "sub_a.1")).contains("Approved sub_a.1").contains(shown);
      RecordingPlatform.Request sent = platform.await("/release", 1, 10_000).get(0);
      assertThat(sent.path()).isEqualTo("/api/evaluator/jobs/sub_a/release");
      assertThat(sent.body()).isEqualTo(shown.getBytes(StandardCharsets.UTF_8));
      awaitState("sub_a.1", Outbox.State.DELIVERED);
      assertThat(cli("list")).contains("delivered");
      assertThat(cliCode("reject", "sub_a.1")).as("a decision is made once").isEqualTo(1);
    }
  }

  @Test
  void aRejectedResultIsWithheld() throws Exception {
    try (SiteGate gate = gate()) {
      gate.leaving(job("sub_b"), scored());
      gate.start(channel);
      assertThat(cli("reject", "sub_b.1")).contains("Rejected sub_b.1")
          .contains("{\"attempt\":1,\"approved\":false,\"report\":null}");
      RecordingPlatform.Request sent = platform.await("/release", 1, 10_000).get(0);
      assertThat(sent.text()).isEqualTo("{\"attempt\":1,\"approved\":false,\"report\":null}");
      awaitState("sub_b.1", Outbox.State.DELIVERED);
    }
  }

  @Test
  void aDecisionMadeWhileTheEvaluatorIsStoppedIsSentAtItsNextStartThroughAnOutage() throws Exception {
    try (SiteGate gate = gate()) {
      gate.leaving(job("sub_c"), scored());
    } // the evaluator stops
    cli("approve", "sub_c.1");
    platform.releaseFailures.set(3); // and the platform cannot be reached for a while
    String shown = cli("show", "sub_c.1");
    try (SiteGate restarted = gate()) {
      restarted.start(channel);
      platform.await("/release", 4, 20_000);
      awaitState("sub_c.1", Outbox.State.DELIVERED);
      assertThat(platform.to("/release")).allSatisfy(r -> assertThat(r.text()).isEqualTo(shown));
    }
    Thread.sleep(300);
    assertThat(platform.to("/release")).as("sent until taken, then never again").hasSize(4);
  }

  @Test
  void theOutboxIsTheSiteAccountsOnly() throws Exception {
    try (SiteGate gate = gate()) {
      gate.leaving(job("sub_d"), scored());
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outboxDir))).isEqualTo("rwx------");
    Path entry = outboxDir.resolve("sub_d.1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry))).isEqualTo("rwx------");
    for (String f : new String[] {Outbox.JOB, Outbox.RELEASE}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.resolve(f))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aResultChangedOnDiskAfterItWasApprovedIsNotSent() throws Exception {
    try (SiteGate gate = gate()) {
      gate.leaving(job("sub_e"), scored());
      cli("approve", "sub_e.1");
      Path release = outboxDir.resolve("sub_e.1").resolve(Outbox.RELEASE);
      Files.writeString(release, Files.readString(release).replace("0.8125", "0.9999"));
      gate.start(channel);
      awaitState("sub_e.1", Outbox.State.REFUSED);
      assertThat(platform.to("/release")).isEmpty();
    }
  }

  @Test
  void aFailedRunIsNotHeldItsValueFreeReportGoesAtOnce() throws Exception {
    try (SiteGate gate = gate()) {
      JobReport failed = new JobReport("TIMED_OUT", "killed after 60 s", true, null, "case-0003", 60);
      JobReport now = gate.leaving(job("sub_f"), failed);
      assertThat(now.outcome()).isEqualTo("TIMED_OUT");
      assertThat(now.logTail()).isEmpty();
      assertThat(Outbox.open(outboxDir).entries()).isEmpty();
    }
  }

  @Test
  void unknownIdsAreRefusedByTheCli() {
    assertThat(cliCode("show", "sub_zz.1")).isEqualTo(1);
    assertThat(cliCode("approve", "../etc.1")).isEqualTo(1);
  }

  private void awaitState(String id, Outbox.State state) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (Outbox.open(outboxDir).find(id).orElseThrow().state() != state) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(id + " is " + Outbox.open(outboxDir).find(id).orElseThrow().state()
            + ", not " + state + ": " + Outbox.open(outboxDir).find(id).orElseThrow().outcome());
      }
      Thread.sleep(50);
    }
  }
}
