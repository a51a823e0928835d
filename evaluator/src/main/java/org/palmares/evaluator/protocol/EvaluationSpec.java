package org.palmares.evaluator.protocol;

import java.util.List;
import java.util.Map;

/**
 * Everything an evaluator needs to run and score one submission to one phase of a challenge, as
 * declared by the challenge bundle. It names the hidden files relative to the bundle folder on the
 * evaluator's site; it never carries their content.
 *
 * @param challenge    challenge slug; the evaluator finds the hidden data under its site folder
 * @param phase        phase name
 * @param task         task type, one of {@link TaskType}'s names (e.g. {@code binary-classification})
 * @param hidden       hidden files of the bundle, relative to the bundle folder, and their columns
 * @param predictions  the prediction file contract
 * @param metrics      metrics, the primary one first
 * @param bootstrap    confidence-interval settings
 * @param split        how the hidden test set divides into a public and a private part
 * @param limits       sandbox limits for the run
 * @param scoringImage a custom scoring image (present on the evaluator's engine) to use instead of
 *                     the built-in metrics, or null
 * @param image        caps on the submitted image, checked again as the evaluator loads it
 *                     ({@link ImageLimits#DEFAULT} when absent, as in specs stored before it existed)
 */
public record EvaluationSpec(
    String challenge,
    String phase,
    String task,
    HiddenData hidden,
    PredictionContract predictions,
    List<MetricSpec> metrics,
    Bootstrap bootstrap,
    Split split,
    SandboxLimits limits,
    String scoringImage,
    ImageLimits image) {

  public EvaluationSpec {
    image = image == null ? ImageLimits.DEFAULT : image;
  }

  /** A spec under the default image limits. */
  public EvaluationSpec(String challenge, String phase, String task, HiddenData hidden, PredictionContract predictions,
      List<MetricSpec> metrics, Bootstrap bootstrap, Split split, SandboxLimits limits, String scoringImage) {
    this(challenge, phase, task, hidden, predictions, metrics, bootstrap, split, limits, scoringImage, null);
  }

  /** The primary metric: the one leaderboards rank by. */
  public String primaryMetric() {
    return metrics.get(0).name();
  }

  /**
   * Hidden files of a challenge bundle, relative to the bundle folder, and the columns that matter.
   *
   * @param inputs        CSV of test inputs (mounted read-only at /input in the sandbox)
   * @param labels        CSV of test labels (never mounted; read by the scorer only)
   * @param idColumn      id column, in both files
   * @param labelColumn   label column (classification, regression)
   * @param positiveLabel the label value of the positive class (binary classification)
   * @param timeColumn    follow-up time column (survival)
   * @param eventColumn   event indicator column, 1 = event, 0 = censored (survival)
   * @param inputName     the file name the container sees under /input: the same in every phase
   *                      (the container contract), whatever the phase's own file is called
   */
  public record HiddenData(String inputs, String labels, String idColumn, String labelColumn, String positiveLabel,
      String timeColumn, String eventColumn, String inputName) {

    /** Hidden data of a binary classification task, the inputs seen under their own name. */
    public static HiddenData binary(String inputs, String labels, String idColumn, String labelColumn,
        String positiveLabel) {
      return new HiddenData(inputs, labels, idColumn, labelColumn, positiveLabel, null, null,
          java.nio.file.Path.of(inputs).getFileName().toString());
    }
  }

  /**
   * The file a submission must write.
   *
   * @param file        file name under /output
   * @param idColumn    id column
   * @param scoreColumn the predicted value: probability of the positive class (binary), the value
   *                    (regression), the risk, higher meaning an earlier event (survival)
   * @param classes     multiclass: the class names, each a probability column of the file; else empty
   */
  public record PredictionContract(String file, String idColumn, String scoreColumn, List<String> classes) {
    public PredictionContract {
      classes = classes == null ? List.of() : List.copyOf(classes);
    }

    public PredictionContract(String file, String idColumn, String scoreColumn) {
      this(file, idColumn, scoreColumn, List.of());
    }
  }

  /**
   * A metric by name, with its parameters (e.g. {@code specificity: 0.9}) and, for the metrics
   * that take one, a matrix ({@code cost_score}'s cost[truth][predicted]; null for the others).
   */
  public record MetricSpec(String name, Map<String, Double> params, List<List<Double>> matrix) {
    public MetricSpec {
      params = params == null ? Map.of() : Map.copyOf(params);
      // Rows copied as they are (a null row or entry is reported by the metric's check).
      matrix = matrix == null ? null : matrix.stream()
          .map(r -> r == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
          .toList();
    }

    public MetricSpec(String name, Map<String, Double> params) {
      this(name, params, null);
    }

    public static MetricSpec of(String name) {
      return new MetricSpec(name, Map.of());
    }

    /** All of the given names, without parameters. */
    public static List<MetricSpec> of(String... names) {
      return java.util.Arrays.stream(names).map(MetricSpec::of).toList();
    }
  }

  /**
   * The seeded, stratified, paired bootstrap, and the smallest parts it accepts.
   *
   * @param resamples         resamples drawn with replacement
   * @param seed              the challenge's seed (resamples also depend on challenge, phase, part, ids)
   * @param minimumPartCases  cases each part needs, or null (specs from before the minimum: not checked)
   * @param minimumClassCases cases of each class each part needs, or null (likewise)
   */
  public record Bootstrap(int resamples, long seed, Integer minimumPartCases, Integer minimumClassCases) {
    /** A bootstrap whose parts are not checked for size (tools, older specs). */
    public Bootstrap(int resamples, long seed) {
      this(resamples, seed, null, null);
    }
  }

  /**
   * How the test ids divide into a public and a private part: either a seeded fraction
   * ({@code publicFraction}, {@code seed}) or an explicit list ({@code publicIds}, a hidden file
   * of the bundle with one public id per line; every other id is private).
   */
  public record Split(Double publicFraction, Long seed, String publicIds) {
    public Split(double publicFraction, long seed) {
      this(publicFraction, seed, null);
    }
  }
}
