package org.palmares.evaluator.protocol;

import java.util.List;

/**
 * Everything an evaluator needs to run and score one submission, as declared by the challenge.
 * It names the hidden files relative to the challenge bundle on the evaluator's site; it never
 * carries their content.
 *
 * @param challenge   challenge slug; the evaluator finds the hidden data under its site folder
 * @param hidden      hidden files of the bundle, relative to the bundle folder
 * @param predictions the prediction file contract
 * @param metrics     metric names, the primary one first
 * @param bootstrap   confidence-interval settings
 * @param split       how the hidden test set divides into a public and a private part
 * @param limits      sandbox limits for the run
 */
public record EvaluationSpec(
    String challenge,
    HiddenData hidden,
    PredictionContract predictions,
    List<String> metrics,
    Bootstrap bootstrap,
    Split split,
    SandboxLimits limits) {

  /** The primary metric: the one leaderboards rank by. */
  public String primaryMetric() {
    return metrics.get(0);
  }

  /**
   * Hidden files of a challenge bundle, relative to the bundle folder.
   *
   * @param inputs        CSV of test inputs (mounted read-only at /input in the sandbox)
   * @param labels        CSV of test labels (never mounted; read by the scorer only)
   * @param idColumn      id column, in both files
   * @param labelColumn   label column of the labels file
   * @param positiveLabel the label value that counts as the positive class
   */
  public record HiddenData(String inputs, String labels, String idColumn, String labelColumn,
      String positiveLabel) {}

  /**
   * The file a submission must write.
   *
   * @param file        file name under /output
   * @param idColumn    id column
   * @param scoreColumn column holding the predicted probability of the positive class
   */
  public record PredictionContract(String file, String idColumn, String scoreColumn) {}

  /** Seeded percentile bootstrap: {@code resamples} draws with replacement. */
  public record Bootstrap(int resamples, long seed) {}

  /** Deterministic split of the test ids: {@code publicFraction} of them form the public part. */
  public record Split(double publicFraction, long seed) {}
}
