package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.TaskType;

/**
 * The sizes of a phase's public and private parts, class by class, and the one rule that refuses
 * parts too small for an honest interval: at least {@code minimumPartCases} cases in each part,
 * and at least {@code minimumClassCases} of each class (binary and multiclass: each label;
 * survival: events and censored cases) in each part. Below that an interval's coverage falls
 * apart (see the coverage benchmark in {@code docs/benchmarks.md}), and a part without a class
 * has no ROC AUC at all. Used by the platform's bundle validator (from the labels file) and by the
 * scorer (from the test set it read), so both refuse the same bundles.
 */
public final class PartSizes {

  /** Cases per part when {@code challenge.yaml} does not say. */
  public static final int DEFAULT_MINIMUM_PART_CASES = 10;

  /** Cases of each class per part when {@code challenge.yaml} does not say. */
  public static final int DEFAULT_MINIMUM_CLASS_CASES = 3;

  /**
   * One part's counts.
   *
   * @param part     {@code public} or {@code private}
   * @param cases    its cases
   * @param perClass class name (or {@code event}/{@code censored}) to its cases; empty for regression
   */
  public record Part(String part, int cases, Map<String, Integer> perClass) {}

  private PartSizes() {}

  /**
   * The parts of a spec's split of a labels file (the bundle validator's way: no predictions).
   *
   * @throws IllegalStateException if the labels file or the public ids file is malformed
   */
  public static List<Part> of(EvaluationSpec spec, Path labelsCsv) throws IOException {
    TaskType task = TaskType.byId(spec.task());
    EvaluationSpec.HiddenData hidden = spec.hidden();
    List<List<String>> strata = new ArrayList<>();
    List<String> ids;
    switch (task) {
      case BINARY_CLASSIFICATION -> {
        HiddenLabels labels = HiddenLabels.read(labelsCsv, hidden);
        ids = labels.ids();
        strata.add(ids.stream().filter(labels.positives()::contains).toList());
        strata.add(ids.stream().filter(id -> !labels.positives().contains(id)).toList());
      }
      case MULTICLASS_CLASSIFICATION, IMAGE_CLASSIFICATION -> { // graded tiles are classes too, split by class
        var rows = LabelsFile.read(labelsCsv, hidden.idColumn(), List.of(hidden.labelColumn()));
        ids = new ArrayList<>(rows.keySet());
        for (String c : spec.predictions().classes()) {
          strata.add(ids.stream().filter(id -> rows.get(id).values()[0].equals(c)).toList());
        }
      }
      case SURVIVAL -> {
        var rows = LabelsFile.read(labelsCsv, hidden.idColumn(), List.of(hidden.eventColumn()));
        ids = new ArrayList<>(rows.keySet());
        strata.add(ids.stream().filter(id -> rows.get(id).values()[0].equals("1")).toList());
        strata.add(ids.stream().filter(id -> !rows.get(id).values()[0].equals("1")).toList());
      }
      default -> {
        ids = new ArrayList<>(LabelsFile.read(labelsCsv, hidden.idColumn(), List.of()).keySet());
        strata.add(ids);
      }
    }
    EvaluationSpec.Split split = spec.split();
    TestSplit parts = split.publicIds() != null
        ? TestSplit.explicit(ids, BundleFiles.publicIds(
            BundleFiles.resolve(labelsCsv, hidden.labels(), split.publicIds()), new HashSet<>(ids)))
        : TestSplit.stratified(strata, split);
    return count(spec, strata, parts);
  }

  /** The parts of a split, counted over the task's strata (in the scorer's order). */
  static List<Part> count(EvaluationSpec spec, List<List<String>> strata, TestSplit split) {
    List<String> names = strataNames(spec, strata.size());
    List<Part> parts = new ArrayList<>();
    for (String part : List.of("public", "private")) {
      var partIds = part.equals("public") ? split.publicIds() : split.privateIds();
      Map<String, Integer> perClass = new LinkedHashMap<>();
      if (names != null) {
        for (int s = 0; s < strata.size(); s++) {
          perClass.put(names.get(s), (int) strata.get(s).stream().filter(partIds::contains).count());
        }
      }
      parts.add(new Part(part, partIds.size(), perClass));
    }
    return parts;
  }

  private static List<String> strataNames(EvaluationSpec spec, int strata) {
    return switch (TaskType.byId(spec.task())) {
      case BINARY_CLASSIFICATION -> List.of("positive ('" + spec.hidden().positiveLabel() + "')", "negative");
      case MULTICLASS_CLASSIFICATION, IMAGE_CLASSIFICATION -> spec.predictions().classes().stream().map(c -> "'" + c + "'").toList();
      case SURVIVAL -> List.of("with the event", "censored");
      case REGRESSION, IMAGE_SEGMENTATION, OBJECT_DETECTION -> null; // no classes to count: cases only
    };
  }

  /**
   * Sentences naming each part below the minima, empty when every part is large enough.
   *
   * @param minimumPartCases  cases each part needs
   * @param minimumClassCases cases of each class each part needs
   */
  public static List<String> problems(List<Part> parts, int minimumPartCases, int minimumClassCases) {
    List<String> problems = new ArrayList<>();
    for (Part p : parts) {
      if (p.cases() < minimumPartCases) {
        problems.add("the " + p.part() + " part has " + p.cases() + " case(s); at least " + minimumPartCases
            + " are needed for an honest interval (bootstrap.minimumPartCases)");
      }
      p.perClass().forEach((name, count) -> {
        if (count < minimumClassCases) {
          problems.add("the " + p.part() + " part has " + count + " case(s) " + (name.startsWith("with")
              || name.equals("censored") ? "" : "of class ") + name + "; at least " + minimumClassCases
              + " of each are needed (bootstrap.minimumClassCases)");
        }
      });
    }
    return problems;
  }
}
