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
 * @param imageTask    the image contract of an image task ({@link TaskType#isImageTask()}), else null
 * @param gpus         the GPUs the phase asks for ({@link GpuRequest#NONE} when absent)
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
    ImageLimits image,
    ImageTask imageTask,
    GpuRequest gpus) {

  public EvaluationSpec {
    image = image == null ? ImageLimits.DEFAULT : image;
    gpus = gpus == null ? GpuRequest.NONE : gpus;
  }

  /** A spec of a task without images and GPUs. */
  public EvaluationSpec(String challenge, String phase, String task, HiddenData hidden, PredictionContract predictions,
      List<MetricSpec> metrics, Bootstrap bootstrap, Split split, SandboxLimits limits, String scoringImage,
      ImageLimits image) {
    this(challenge, phase, task, hidden, predictions, metrics, bootstrap, split, limits, scoringImage, image, null,
        null);
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

  /**
   * The contract of an image task: where the site keeps the images and the truth, what the
   * container reads and writes, and the declarations the metrics need (see docs/challenge-format.md,
   * "Image tasks"). Paths are relative to the bundle folder, as in {@link HiddenData}; the case list
   * is {@link HiddenData#inputs()} (seen as {@code /input/cases.csv}).
   *
   * @param images       folder of the hidden images, one {@code <case>.<ext>} (or a DICOM series
   *                     folder {@code <case>/}) per case; mounted read-only at {@code /input/images}
   * @param truth        folder of the truth of each case, never mounted: a mask {@code <case>.<ext>}
   *                     (segmentation) or lesions {@code <case>.json} (detection); null for
   *                     classification (the labels CSV holds the truth)
   * @param format       the input images' format (an {@code ImageFormat} id: png, tiff, nifti, mha, dicom)
   * @param outputFormat the masks' format the container writes (png, tiff or nifti), segmentation only
   * @param spacingUnit  the physical unit of the spacing and of the tolerances ({@code um} or {@code mm})
   * @param classes      the label values of a segmentation task, with their names
   * @param tolerance    the normalised surface distance tolerance, in {@code spacingUnit}
   * @param edgeCases    the declared edge cases ({@code bothEmpty}, {@code hausdorffWorst}, {@code nan})
   * @param missingCase  {@code invalid} (default): a case without output makes the submission invalid;
   *                     {@code worst}: it is scored at the worst values
   * @param detection    how detections match lesions, detection only
   */
  public record ImageTask(String images, String truth, String format, String outputFormat, String spacingUnit,
      List<ImageClass> classes, Double tolerance, Map<String, Object> edgeCases, String missingCase,
      DetectionSettings detection) {
    public ImageTask {
      classes = classes == null ? List.of() : List.copyOf(classes);
      edgeCases = edgeCases == null ? Map.of() : Map.copyOf(edgeCases);
      spacingUnit = spacingUnit == null ? "mm" : spacingUnit;
      missingCase = missingCase == null ? "invalid" : missingCase;
    }

    /** Whether a case without output is scored at its worst values rather than refused. */
    public boolean scoresMissingAsWorst() {
      return "worst".equals(missingCase);
    }
  }

  /**
   * How detections match truth lesions (the metrics' {@code DetectionMatching}) and the FROC rates.
   *
   * @param criterion  {@code point_in_box}, {@code centre_distance} or {@code iou}
   * @param threshold  the criterion's threshold (distance in the spacing unit, or IoU)
   * @param assignment {@code hungarian} or {@code greedy_by_score}
   * @param fpRates    false positives per image at which FROC averages the sensitivity (CAMELYON16's when empty)
   */
  public record DetectionSettings(String criterion, double threshold, String assignment, List<Double> fpRates) {
    public DetectionSettings {
      fpRates = fpRates == null ? List.of() : List.copyOf(fpRates);
    }
  }

  /**
   * A class of an image task: its label value in masks (segmentation, detection) and its name
   * (the value a classification CSV carries, and the name metrics are reported under).
   */
  public record ImageClass(int value, String name) {}

  /**
   * The GPUs a phase asks for. An evaluator whose engine offers no NVIDIA runtime never leases
   * such a job ({@link Capacity#gpus()}).
   *
   * @param count     GPUs per run (0: none)
   * @param memoryMiB the memory each must have at least, or 0 for any
   */
  public record GpuRequest(int count, long memoryMiB) {
    public static final GpuRequest NONE = new GpuRequest(0, 0);

    public GpuRequest {
      if (count < 0 || memoryMiB < 0) {
        throw new IllegalArgumentException("a GPU request must not be negative: " + count + " GPUs, "
            + memoryMiB + " MiB");
      }
    }
  }
}
