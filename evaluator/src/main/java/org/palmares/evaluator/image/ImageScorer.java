package org.palmares.evaluator.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.CaseMetric;
import org.palmares.evaluator.scoring.CaseScores;
import org.palmares.evaluator.scoring.InvalidPredictionsException;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.Scorer;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.evaluator.scoring.TestSplit;
import org.palmares.evaluator.scoring.image.Assignment;
import org.palmares.evaluator.scoring.image.DetectionCase;
import org.palmares.evaluator.scoring.image.DetectionMatching;
import org.palmares.evaluator.scoring.image.DetectionsFile;
import org.palmares.evaluator.scoring.image.EdgeCases;
import org.palmares.evaluator.scoring.image.ImageMetrics;
import org.palmares.evaluator.scoring.image.LabelRaster;
import org.palmares.evaluator.scoring.image.MatchCriterion;
import org.palmares.evaluator.scoring.image.SegmentationCase;
import org.palmares.evaluator.scoring.image.SegmentationMetric;
import org.palmares.evaluator.scoring.image.SegmentationMetrics;
import org.palmares.evaluator.scoring.image.SegmentationSettings;

/**
 * Scores a segmentation or detection submission case by case: every output is checked first
 * ({@link CaseOutputs}), then each case is scored from its two files, streamed (the metrics read
 * masks in slabs of rows), and only its small per-case result is kept. The per-case results never
 * leave this class: what it returns is, for the public and the private part, each metric over the
 * part's cases with a bootstrap interval over cases ({@link CaseScores}), as for tabular tasks.
 * Image classification is not scored here: its output is a CSV of class probabilities, scored by
 * {@link Scorer} as multiclass classification.
 */
public final class ImageScorer {
  private ImageScorer() {}

  /**
   * Scores the outputs of a run.
   *
   * @param casesCsv the hidden case list ({@link EvaluationSpec.HiddenData#inputs()})
   * @param images   the hidden images folder
   * @param truth    the hidden truth folder (masks or lesions)
   * @param output   the unpacked {@code /output}
   */
  public static ScoreReport score(EvaluationSpec spec, Path casesCsv, Path images, Path truth, Path output)
      throws InvalidPredictionsException, IOException {
    TaskType task = TaskType.byId(spec.task());
    EvaluationSpec.ImageTask image = spec.imageTask();
    if (image == null || !(task == TaskType.IMAGE_SEGMENTATION || task == TaskType.OBJECT_DETECTION)) {
      throw new IllegalArgumentException("a " + task.id() + " spec is not scored case by case");
    }
    TestSplit split = Scorer.unstratifiedSplit(spec, casesCsv);
    Set<String> all = new TreeSet<>(split.publicIds());
    all.addAll(split.privateIds());
    List<String> cases = List.copyOf(all);
    Scored scored = task == TaskType.IMAGE_SEGMENTATION
        ? segmentation(spec, image, cases, truth, output)
        : detection(spec, image, cases, images, truth, output);
    return new ScoreReport(spec.primaryMetric(),
        part(spec, scored, cases, split.publicIds(), CaseScores.PUBLIC_PART),
        part(spec, scored, cases, split.privateIds(), CaseScores.PRIVATE_PART));
  }

  /** The per-case results, by index in the case list: segmentation or detection ones. */
  private record Scored(List<SegmentationCase> segmentation, List<DetectionCase> detection, EdgeCases edgeCases,
      double[] fpRates) {}

  private static Scored segmentation(EvaluationSpec spec, EvaluationSpec.ImageTask image, List<String> cases,
      Path truthDir, Path output) throws InvalidPredictionsException, IOException {
    EdgeCases edgeCases = EdgeCases.parse(image.edgeCases());
    int[] classes = image.classes().stream().mapToInt(EvaluationSpec.ImageClass::value).toArray();
    SegmentationSettings settings = new SegmentationSettings(classes,
        image.tolerance() == null ? 0 : image.tolerance(), edgeCases);
    Map<String, Path> truth = CaseOutputs.truthFiles(cases, truthDir);
    Map<String, Path> masks = CaseOutputs.masks(cases, output, ImageFormat.byId(image.outputFormat()), truth,
        image.spacingUnit(), image.scoresMissingAsWorst());
    List<SegmentationCase> results = new ArrayList<>(cases.size());
    for (String id : cases) {
      try (LabelRaster t = ImageFiles.open(truth.get(id), image.spacingUnit())) {
        Path mask = masks.get(id);
        if (mask == null) {
          results.add(SegmentationMetrics.missing(t.size(), t.spacing(), settings));
          continue;
        }
        try (LabelRaster p = ImageFiles.open(mask, image.spacingUnit())) {
          results.add(SegmentationMetrics.score(t, p, settings));
        } catch (ImageFormatException e) {
          // the truth was read when the bundle was checked: what fails to decode is the container's mask
          throw new InvalidPredictionsException(ProblemKind.UNREADABLE_CASE_OUTPUT, "case " + id + ": the mask /output/"
              + mask.getFileName() + " " + e.getMessage() + " / cas " + id + " : le masque /output/"
              + mask.getFileName() + " n'est pas lisible (" + e.getMessage() + ")");
        }
      }
    }
    return new Scored(results, null, edgeCases, null);
  }

  private static Scored detection(EvaluationSpec spec, EvaluationSpec.ImageTask image, List<String> cases,
      Path images, Path truthDir, Path output) throws InvalidPredictionsException, IOException {
    EvaluationSpec.DetectionSettings settings = image.detection();
    DetectionMatching matching = new DetectionMatching(MatchCriterion.byId(settings.criterion()),
        settings.threshold(), Assignment.byId(settings.assignment()));
    ImageFormat format = ImageFormat.byId(image.format());
    List<DetectionCase> results = new ArrayList<>(cases.size());
    for (String id : cases) {
      ImageGeometry geometry = ImageFiles.geometry(format.fileOf(images, id), image.spacingUnit());
      Path file = output.resolve(id + ".json");
      List<org.palmares.evaluator.scoring.image.Detection> detections;
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        detections = DetectionsFile.detections(file, id, geometry.size());
      } else if (image.scoresMissingAsWorst()) {
        detections = List.of(); // no detection: every lesion missed
      } else {
        throw new InvalidPredictionsException(ProblemKind.MISSING_CASE_OUTPUT, "case " + id
            + ": missing: no file /output/" + id + ".json / cas " + id + " : manquant : pas de fichier /output/"
            + id + ".json");
      }
      if (matching.criterion() == MatchCriterion.POINT_IN_MASK) {
        // the truth is an instance mask <case>.<ext>: one label per lesion (CAMELYON16's evaluation masks)
        try (LabelRaster instances = ImageFiles.open(CaseOutputs.truthFiles(List.of(id), truthDir).get(id),
            image.spacingUnit())) {
          results.add(matching.match(detections, instances));
        }
      } else {
        var lesions = DetectionsFile.lesions(truthDir.resolve(id + ".json"), id, geometry.size());
        results.add(matching.match(detections, lesions, geometry.spacing()));
      }
    }
    double[] rates = settings.fpRates().isEmpty() ? ImageMetrics.CAMELYON_RATES
        : settings.fpRates().stream().mapToDouble(Double::doubleValue).toArray();
    return new Scored(null, results, null, rates);
  }

  private static SplitScores part(EvaluationSpec spec, Scored scored, List<String> cases, Set<String> ids,
      int partIndex) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      if (ids.contains(cases.get(i))) {
        indices.add(i);
      }
    }
    List<CaseMetric> metrics = new ArrayList<>();
    for (EvaluationSpec.MetricSpec m : spec.metrics()) {
      if (scored.segmentation() != null) {
        List<SegmentationCase> part = indices.stream().map(scored.segmentation()::get).toList();
        metrics.add(ImageMetrics.meanOverCases(m.name(), part, SegmentationMetric.byName(m.name()),
            scored.edgeCases().nan()));
      } else {
        List<DetectionCase> part = indices.stream().map(scored.detection()::get).toList();
        metrics.add(switch (m.name()) {
          case "lesion_f1" -> ImageMetrics.f1(m.name(), part);
          case "froc" -> ImageMetrics.froc(m.name(), part, scored.fpRates());
          default -> throw new IllegalArgumentException("unknown detection metric '" + m.name() + "'");
        });
      }
    }
    return CaseScores.part(indices.size(), metrics, spec.bootstrap(), partIndex);
  }
}
