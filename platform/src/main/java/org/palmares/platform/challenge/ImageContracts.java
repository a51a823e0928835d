package org.palmares.platform.challenge;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.palmares.evaluator.image.CaseOutputs;
import org.palmares.evaluator.image.ImageFiles;
import org.palmares.evaluator.image.ImageFormat;
import org.palmares.evaluator.image.ImageGeometry;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.image.DetectionMatching;
import org.palmares.evaluator.scoring.image.DetectionsFile;
import org.palmares.evaluator.scoring.image.EdgeCases;
import org.palmares.evaluator.scoring.image.ImageMetrics;
import org.palmares.evaluator.scoring.image.MatchCriterion;
import org.palmares.evaluator.scoring.image.Assignment;

/**
 * The rules of an image task's contract in a bundle ({@code image:} in challenge.yaml) that a
 * schema cannot say: which fields each task needs, declarations the metrics accept, and, when the
 * hidden data is checked, that every case has its image and its truth, with the image's geometry.
 */
final class ImageContracts {
  /** Problems reported per file before the rest is summed up: the first few are what an organizer fixes. */
  private static final int LISTED = 5;

  private ImageContracts() {}

  /**
   * Checks the contract of {@code task}, reporting each problem at its path under {@code at}.
   *
   * @param hiddenHere whether this copy of the bundle holds the hidden folders (images, truth): false for the
   *                   platform's copy of a multi-site bundle, which must not hold them
   */
  static void check(TaskType task, EvaluationSpec.ImageTask image, List<EvaluationSpec.MetricSpec> metrics, Path dir,
      boolean hiddenHere, List<Object> at, BiConsumer<List<Object>, String> problem) {
    List<Object> here = path(at, "image");
    if (!task.isImageTask()) {
      if (image != null) {
        problem.accept(here, "image applies to image tasks only, not to a " + task.id() + " task");
      }
      return;
    }
    if (image == null) {
      problem.accept(at, "image is required for a " + task.id() + " task (see docs/challenge-format.md, Image tasks)");
      return;
    }
    folder(dir, image.images(), hiddenHere, path(here, "images"), problem);
    ImageFormat format = ImageFormat.byId(image.format());
    switch (task) {
      case IMAGE_SEGMENTATION -> {
        require(image.truth(), path(here, "truth"), task, problem);
        require(image.outputFormat(), path(here, "outputFormat"), task, problem);
        if (image.classes().isEmpty()) {
          problem.accept(path(here, "classes"), "classes is required for a " + task.id() + " task");
        }
        if (metrics.stream().anyMatch(m -> m.name().equals("nsd")) && image.tolerance() == null) {
          problem.accept(path(here, "tolerance"), "tolerance (in " + image.spacingUnit()
              + ") is required by the metric nsd");
        }
        if (image.classes().stream().map(EvaluationSpec.ImageClass::value).distinct().count()
            != image.classes().size()) {
          problem.accept(path(here, "classes"), "a label value is listed twice");
        }
        try {
          EdgeCases.parse(image.edgeCases());
        } catch (IllegalArgumentException e) {
          problem.accept(path(here, "edgeCases"), e.getMessage());
        }
      }
      case OBJECT_DETECTION -> {
        require(image.truth(), path(here, "truth"), task, problem);
        if (!format.readable()) {
          problem.accept(path(here, "format"), "a detection task needs images whose size the evaluator can read"
              + " (png, tiff, nifti, mha), not " + format.id());
        }
        if (image.detection() == null) {
          problem.accept(path(here, "detection"), "detection is required for an object-detection task");
        } else {
          try {
            new DetectionMatching(MatchCriterion.byId(image.detection().criterion()), image.detection().threshold(),
                Assignment.byId(image.detection().assignment()));
            if (!image.detection().fpRates().isEmpty()) {
              ImageMetrics.froc("froc", List.of(), // checks the rates
                  image.detection().fpRates().stream().mapToDouble(Double::doubleValue).toArray());
            }
          } catch (IllegalArgumentException e) {
            problem.accept(path(here, "detection"), e.getMessage());
          }
        }
      }
      default -> {
        // classification: the labels CSV is the truth, the predictions CSV the output
      }
    }
    if (image.truth() != null && task != TaskType.IMAGE_CLASSIFICATION) {
      folder(dir, image.truth(), hiddenHere, path(here, "truth"), problem);
    }
  }

  /**
   * Every case of the case list has its image, and (segmentation) a truth mask of the image's
   * geometry or (detection) a readable lesions file. Problems name the file and the case.
   */
  static void checkCases(TaskType task, EvaluationSpec.ImageTask image, Path dir, String casesFile, String idColumn,
      List<BundleProblem> problems) {
    List<String> cases = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(dir.resolve(casesFile), StandardCharsets.UTF_8);
         CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      for (CSVRecord row : csv) {
        cases.add(row.get(idColumn));
      }
    } catch (IOException | RuntimeException e) {
      return; // the CSV checks report it
    }
    ImageFormat format = ImageFormat.byId(image.format());
    Path images = dir.resolve(image.images());
    int found = 0;
    for (String id : cases) {
      if (found >= LISTED) {
        break;
      }
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        problems.add(new BundleProblem(casesFile, 0, "case '" + id + "' is not a plain file name (letters, digits,"
            + " '.', '_', '-'): it names the case's files"));
        found++;
        continue;
      }
      Path file = format.fileOf(images, id);
      boolean present = format == ImageFormat.DICOM ? Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
          : Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
      if (!present) {
        problems.add(new BundleProblem(image.images(), 0, "case " + id + ": no image " + dir.relativize(file)
            + (format == ImageFormat.DICOM ? "/ (a folder of .dcm files)" : "")));
        found++;
        continue;
      }
      try {
        if (task == TaskType.IMAGE_SEGMENTATION) {
          Path truth = CaseOutputs.truthFiles(List.of(id), dir.resolve(image.truth())).get(id);
          ImageGeometry mask = ImageFiles.geometry(truth, image.spacingUnit());
          if (format.readable()) {
            ImageGeometry of = ImageFiles.geometry(file, image.spacingUnit());
            if (!of.sameSize(mask) || !of.sameSpacing(mask)) {
              problems.add(new BundleProblem(image.truth(), 0, "case " + id + ": the truth mask is " + mask
                  + ", the image " + of));
              found++;
            }
          }
        } else if (task == TaskType.OBJECT_DETECTION && image.detection() != null
            && "point_in_mask".equals(image.detection().criterion())) {
          CaseOutputs.truthFiles(List.of(id), dir.resolve(image.truth())); // an instance mask per case
        } else if (task == TaskType.OBJECT_DETECTION) {
          DetectionsFile.lesions(dir.resolve(image.truth()).resolve(id + ".json"), id,
              ImageFiles.geometry(file, image.spacingUnit()).size());
        }
      } catch (IOException | RuntimeException e) {
        problems.add(new BundleProblem(image.truth() == null ? image.images() : image.truth(), 0, "case " + id + ": "
            + e.getMessage()));
        found++;
      }
    }
  }

  private static void folder(Path dir, String relative, boolean hiddenHere, List<Object> at,
      BiConsumer<List<Object>, String> problem) {
    if (relative == null) {
      return;
    }
    Path folder = dir.resolve(relative).normalize();
    if (!folder.startsWith(dir)) {
      problem.accept(at, "'" + relative + "' is outside the bundle");
    } else if (!hiddenHere) {
      if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        problem.accept(at, "'" + relative + "' holds hidden cases, and this challenge declares sites: they belong at"
            + " the sites; remove it from the bundle the platform holds (check a site's copy with: palmares validate"
            + " DIR --site NAME)");
      }
    } else if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      problem.accept(at, "folder '" + relative + "' does not exist in the bundle");
    }
  }

  private static void require(String value, List<Object> at, TaskType task, BiConsumer<List<Object>, String> problem) {
    if (value == null || value.isBlank()) {
      problem.accept(at, at.get(at.size() - 1) + " is required for a " + task.id() + " task");
    }
  }

  private static List<Object> path(List<Object> base, Object... more) {
    List<Object> p = new ArrayList<>(base);
    p.addAll(List.of(more));
    return p;
  }
}
