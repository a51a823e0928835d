package org.palmares.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.sandbox.RunOutcome;
import org.palmares.evaluator.sandbox.SandboxResult;
import org.palmares.evaluator.sandbox.SandboxRun;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.Scorer;
import org.palmares.evaluator.scoring.TestSplit;
import org.palmares.evaluator.scoring.SplitScores;

/**
 * Scores with a challenge's own scoring image instead of the built-in metrics, in the same
 * sandbox (no network, limits, removed after). The image sees, read-only:
 * {@code /input/predictions/} (everything the submission wrote), {@code /input/labels.csv} and
 * {@code /input/parts.csv} ({@code id,part} with part {@code public} or {@code private}); it writes
 * {@code /output/metrics.json}: {@code {"public": {...}, "private": {...}}}, each metric a number or
 * {@code {"value": number, "ci95": [low, high]}}. Exit code 2 means the predictions are invalid
 * (the submission's fault; its last log line is shown to the team); any other failure is the
 * scorer's, and does not count against the team.
 */
final class ScoringImage {
  /** Exit code by which a scoring image says the predictions are invalid. */
  static final int INVALID_PREDICTIONS_EXIT = 2;
  private static final long MAX_METRICS_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The scorer could not score; {@code submissionAtFault} says whose fault it is. */
  static final class ScoringFailure extends Exception {
    final boolean submissionAtFault;

    ScoringFailure(String message, boolean submissionAtFault) {
      super(message);
      this.submissionAtFault = submissionAtFault;
    }
  }

  private final DockerSandbox sandbox;

  ScoringImage(DockerSandbox sandbox) {
    this.sandbox = sandbox;
  }

  ScoreReport score(String submissionId, EvaluationSpec spec, Path predictionsDir, Path labels, Path runDir)
      throws IOException, ScoringFailure {
    TestSplit split = Scorer.unstratifiedSplit(spec, labels);
    Path parts = runDir.resolve("parts.csv");
    StringBuilder csv = new StringBuilder("id,part\n");
    split.publicIds().forEach(id -> csv.append(id).append(",public\n"));
    split.privateIds().forEach(id -> csv.append(id).append(",private\n"));
    Files.writeString(parts, csv, StandardCharsets.UTF_8);
    Path output = Files.createDirectory(runDir.resolve("scoring-output"));

    SandboxResult result = sandbox.run(new SandboxRun(spec.scoringImage(),
        List.of(new SandboxRun.Mount(predictionsDir, "predictions"), new SandboxRun.Mount(labels, "labels.csv"),
            new SandboxRun.Mount(parts, "parts.csv")),
        output, spec.limits(), Map.of("org.palmares.submission", submissionId, "org.palmares.role", "scoring")));
    if (result.outcome() instanceof RunOutcome.ExitedNonZero exited && exited.exitCode() == INVALID_PREDICTIONS_EXIT) {
      throw new ScoringFailure(lastLine(result.logTail()), true);
    }
    if (!(result.outcome() instanceof RunOutcome.Succeeded)) {
      throw new ScoringFailure("the challenge's scoring image failed: " + result.outcome().sentence(), false);
    }
    Path metrics = output.resolve("metrics.json");
    if (!Files.isRegularFile(metrics, LinkOption.NOFOLLOW_LINKS)) {
      throw new ScoringFailure("the challenge's scoring image wrote no /output/metrics.json", false);
    }
    if (Files.size(metrics) > MAX_METRICS_BYTES) {
      throw new ScoringFailure("the challenge's scoring image wrote a metrics.json over 1 MiB", false);
    }
    JsonNode json;
    try {
      json = JSON.readTree(metrics.toFile());
    } catch (IOException e) {
      throw new ScoringFailure("the challenge's scoring image wrote a metrics.json that is not JSON", false);
    }
    return new ScoreReport(spec.primaryMetric(), part(json, "public", spec, split.publicIds().size()),
        part(json, "private", spec, split.privateIds().size()));
  }

  private static SplitScores part(JsonNode json, String part, EvaluationSpec spec, int cases) throws ScoringFailure {
    JsonNode values = json.path(part);
    if (!values.isObject()) {
      throw new ScoringFailure("metrics.json from the scoring image has no \"" + part + "\" object", false);
    }
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    for (EvaluationSpec.MetricSpec m : spec.metrics()) {
      JsonNode v = values.get(m.name());
      if (v == null) {
        throw new ScoringFailure("metrics.json from the scoring image lacks " + part + "." + m.name(), false);
      }
      JsonNode value = v.isObject() ? v.path("value") : v;
      if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
        throw new ScoringFailure("metrics.json from the scoring image: " + part + "." + m.name()
            + " is not a finite number", false);
      }
      Interval ci = null;
      JsonNode bounds = v.path("ci95");
      if (bounds.isArray() && bounds.size() == 2 && bounds.get(0).isNumber() && bounds.get(1).isNumber()
          && Double.isFinite(bounds.get(0).asDouble()) && bounds.get(0).asDouble() <= bounds.get(1).asDouble()
          && Double.isFinite(bounds.get(1).asDouble())) {
        // Its resamples are unknown (0): before, this threw and the run became an evaluator error.
        ci = new Interval(bounds.get(0).asDouble(), bounds.get(1).asDouble(), 0,
            org.palmares.evaluator.scoring.IntervalMethod.SCORING_IMAGE.id());
      }
      metrics.put(m.name(), new MetricValue(value.asDouble(), ci, null));
    }
    return new SplitScores(cases, 0, java.util.Collections.unmodifiableMap(metrics));
  }

  /** The scorer's last log line, capped: what it says is wrong with the predictions. */
  private static String lastLine(String log) {
    String[] lines = log.strip().split("\n");
    String last = lines.length == 0 || lines[lines.length - 1].isBlank() ? "the predictions are invalid"
        : lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 300) + "…" : last;
  }
}
