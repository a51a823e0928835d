package org.palmares.platform.challenge;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.SandboxLimits;

/**
 * A challenge as declared in its bundle's {@code challenge.yaml}. Field names are the YAML keys.
 */
public record Challenge(
    String slug,
    String title,
    String summary,
    String task,
    String licence,
    String citation,
    Data data,
    Predictions predictions,
    List<String> metrics,
    Bootstrap bootstrap,
    Split split,
    Limits limits) {

  /** Public files (served to competitors) and hidden files (read by the evaluator only). */
  public record Data(@JsonProperty("public") List<String> publicFiles, Hidden hidden) {
    public Data {
      publicFiles = publicFiles == null ? List.of() : List.copyOf(publicFiles);
    }
  }

  public record Hidden(String inputs, String labels, String idColumn, String labelColumn, String positiveLabel) {}

  public record Predictions(String file, String idColumn, String scoreColumn) {}

  public record Bootstrap(int resamples, long seed) {}

  public record Split(double publicFraction, long seed) {}

  /** Sandbox limits, in the units an organizer writes. */
  public record Limits(double cpus, long memoryMiB, long wallClockSeconds, long outputMiB, long pids, long tmpMiB,
      long logKiB) {}

  /** The primary metric, by which leaderboards rank. */
  public String primaryMetric() {
    return metrics.get(0);
  }

  /** What an evaluator needs to run and score a submission to this challenge. */
  public EvaluationSpec evaluationSpec() {
    return new EvaluationSpec(slug, "final", task,
        EvaluationSpec.HiddenData.binary(data.hidden().inputs(), data.hidden().labels(), data.hidden().idColumn(),
            data.hidden().labelColumn(), data.hidden().positiveLabel()),
        new EvaluationSpec.PredictionContract(predictions.file(), predictions.idColumn(), predictions.scoreColumn()),
        metrics.stream().map(EvaluationSpec.MetricSpec::of).toList(),
        new EvaluationSpec.Bootstrap(bootstrap.resamples(), bootstrap.seed()),
        new EvaluationSpec.Split(split.publicFraction(), split.seed()),
        sandboxLimits(), null);
  }

  public SandboxLimits sandboxLimits() {
    return new SandboxLimits(limits.cpus(), limits.memoryMiB() * 1024 * 1024, limits.wallClockSeconds(),
        limits.outputMiB() * 1024 * 1024, limits.pids(), limits.tmpMiB() * 1024 * 1024, limits.logKiB() * 1024);
  }
}
