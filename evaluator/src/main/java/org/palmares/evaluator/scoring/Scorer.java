package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.MetricCatalog.Resolved;
import org.palmares.evaluator.scoring.PredictionsFile.ValueKind;

/**
 * Scores one submission's predictions against a challenge's hidden labels, for every task type.
 *
 * <p>Scoring is deterministic: the same spec, labels and predictions give the same report, down
 * to the bootstrap intervals, on every run and every machine.
 *
 * <p>What each task reads: binary classification, the label column (positive when it equals the
 * positive label) and a probability per id; multiclass, the label column (a class name of the
 * contract's {@code classes()}) and one probability column per class, each row summing to 1
 * within 1e-6, the predicted class being the most probable one (a tie goes to the class listed
 * first); regression, a numeric label and a predicted value; survival, the time (finite, >= 0)
 * and event (0 or 1) columns and a risk score, higher meaning an earlier event.
 *
 * <p>The split stratifies binary tasks by class (positives first), multiclass tasks by class (in
 * {@code classes()} order), survival tasks by event (events first), and leaves regression
 * unstratified; or it follows the spec's explicit list of public ids.
 */
public final class Scorer {

  /** Index of each part in the bootstrap stream derivation; changing them changes every CI. */
  private static final int PUBLIC_PART = 0;
  private static final int PRIVATE_PART = 1;

  private Scorer() {}

  /**
   * Validates the predictions against the hidden labels, splits the test set into public/private
   * parts, computes every metric of spec.metrics() on each part with a bootstrap CI.
   *
   * @param spec           the challenge's evaluation spec: task, columns, metrics, split, bootstrap
   * @param labelsCsv      the hidden labels file (the organizer's), at the spec's labels path
   *                       under the bundle folder
   * @param predictionsCsv the predictions file the submission wrote (untrusted)
   * @return the scores of both parts, metrics in spec order; {@link SplitScores#positives()} counts
   *     positives (binary) or events (survival), else 0
   * @throws InvalidPredictionsException if the predictions cannot be scored; the message tells
   *     the competitor what to fix and reveals no label
   * @throws IOException                 if a file cannot be read for reasons of our own
   * @throws IllegalArgumentException    if the spec names an unknown task, metric or metric
   *     parameter, or has invalid columns, split or bootstrap settings (checked before any file
   *     is read)
   * @throws IllegalStateException       if the labels file or the public ids file is malformed
   */
  public static ScoreReport score(EvaluationSpec spec, Path labelsCsv, Path predictionsCsv)
      throws InvalidPredictionsException, IOException {
    // Spec errors are the organizer's: report them before touching any file.
    TaskType task = TaskType.byId(spec.task());
    List<Resolved> metrics = MetricCatalog.resolve(task, spec.metrics());
    if (spec.bootstrap() == null || spec.bootstrap().resamples() < 1) {
      throw new IllegalArgumentException("the bootstrap needs at least one resample: "
          + (spec.bootstrap() == null ? "none given" : spec.bootstrap().resamples()));
    }
    checkColumns(task, spec);
    for (Resolved metric : metrics) {
      CostMatrix.checkSize(metric, spec.predictions().classes());
    }
    Path publicIdsFile = checkSplit(spec, labelsCsv);

    TestSet testSet = switch (task) {
      case BINARY_CLASSIFICATION -> binary(spec, labelsCsv, predictionsCsv);
      // image classification: the images are the inputs, the CSV of class probabilities the output
      case MULTICLASS_CLASSIFICATION, IMAGE_CLASSIFICATION -> multiclass(spec, labelsCsv, predictionsCsv);
      case REGRESSION -> regression(spec, labelsCsv, predictionsCsv);
      case SURVIVAL -> survival(spec, labelsCsv, predictionsCsv);
      case IMAGE_SEGMENTATION, OBJECT_DETECTION -> throw new IllegalArgumentException(
          "a " + task.id() + " task is scored case by case by ImageScorer, not from one predictions file");
    };
    TestSplit split = publicIdsFile != null
        ? TestSplit.explicit(testSet.ids(),
            BundleFiles.publicIds(publicIdsFile, new HashSet<>(testSet.ids())))
        : TestSplit.stratified(testSet.strata(), spec.split());
    return new ScoreReport(spec.primaryMetric(),
        scorePart(testSet.part(split.publicIds()), metrics, spec, PUBLIC_PART),
        scorePart(testSet.part(split.privateIds()), metrics, spec, PRIVATE_PART));
  }

  /**
   * The public/private split of a labels file's ids, not stratified (the labels' meaning is
   * unknown): for scorers other than the built-in one, e.g. a challenge's scoring image. The ids
   * and an explicit public list are checked as the built-in scorer checks them.
   */
  public static TestSplit unstratifiedSplit(EvaluationSpec spec, Path labelsCsv) throws IOException {
    Path publicIdsFile = checkSplit(spec, labelsCsv);
    List<String> ids = new ArrayList<>(LabelsFile.read(labelsCsv, spec.hidden().idColumn(), List.of()).keySet());
    return publicIdsFile != null
        ? TestSplit.explicit(ids, BundleFiles.publicIds(publicIdsFile, new HashSet<>(ids)))
        : TestSplit.of(ids, Set.of(), spec.split());
  }

  private static void checkColumns(TaskType task, EvaluationSpec spec) {
    EvaluationSpec.HiddenData hidden = spec.hidden();
    EvaluationSpec.PredictionContract predictions = spec.predictions();
    require(hidden, "hidden", task);
    require(predictions, "predictions", task);
    require(hidden.idColumn(), "hidden.idColumn", task);
    require(predictions.idColumn(), "predictions.idColumn", task);
    switch (task) {
      case BINARY_CLASSIFICATION -> {
        require(hidden.labelColumn(), "hidden.labelColumn", task);
        require(hidden.positiveLabel(), "hidden.positiveLabel", task);
        require(predictions.scoreColumn(), "predictions.scoreColumn", task);
      }
      case MULTICLASS_CLASSIFICATION, IMAGE_CLASSIFICATION -> {
        require(hidden.labelColumn(), "hidden.labelColumn", task);
        List<String> classes = predictions.classes();
        if (classes.size() < 2) {
          throw new IllegalArgumentException("a multiclass-classification spec needs at least"
              + " two predictions.classes; found " + classes.size());
        }
        Set<String> seen = new HashSet<>();
        for (String name : classes) {
          if (name == null || name.isBlank() || !name.equals(name.trim())) {
            throw new IllegalArgumentException("predictions.classes: a class name must be"
                + " non-blank without surrounding spaces: '" + name + "'");
          }
          if (!seen.add(name) || name.equals(predictions.idColumn())) {
            throw new IllegalArgumentException("predictions.classes: '" + name
                + "' appears twice or is the id column");
          }
        }
      }
      case REGRESSION -> {
        require(hidden.labelColumn(), "hidden.labelColumn", task);
        require(predictions.scoreColumn(), "predictions.scoreColumn", task);
      }
      case SURVIVAL -> {
        require(hidden.timeColumn(), "hidden.timeColumn", task);
        require(hidden.eventColumn(), "hidden.eventColumn", task);
        require(predictions.scoreColumn(), "predictions.scoreColumn", task);
      }
    }
  }

  private static void require(Object value, String field, TaskType task) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw new IllegalArgumentException("a " + task.id() + " spec needs " + field);
    }
  }

  /** Checks the split settings; returns the public ids file, or null for a split by fraction. */
  private static Path checkSplit(EvaluationSpec spec, Path labelsCsv) {
    EvaluationSpec.Split split = spec.split();
    if (split == null) {
      throw new IllegalArgumentException("the evaluation spec has no split");
    }
    if (split.publicIds() != null) {
      return BundleFiles.resolve(labelsCsv, spec.hidden().labels(), split.publicIds());
    }
    Double fraction = split.publicFraction();
    if (fraction == null || !(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the public fraction must be in [0, 1]: " + fraction);
    }
    if (split.seed() == null) {
      throw new IllegalArgumentException("a split by fraction needs a seed");
    }
    return null;
  }

  private static SplitScores scorePart(Part part, List<Resolved> metrics, EvaluationSpec spec,
      int partIndex) {
    return CaseScores.scores(part.size(), part.positives(),
        metrics.stream().map(Resolved::name).toList(),
        metrics.stream().map(part::prepare).toList(), spec.bootstrap(), partIndex);
  }

  /** A task's test set, read and validated: its ids, its strata and its parts. */
  /**
   * A task's test set once read and validated.
   *
   * @param ids    every test id, sorted
   * @param strata the strata of a split by fraction, in their fixed order
   * @param cases  the cases of some ids (given sorted, so the arrays, hence the resamples, never vary)
   */
  private record TestSet(List<String> ids, List<List<String>> strata, Function<Set<String>, Part> cases) {
    Part part(Set<String> partIds) {
      return cases.apply(partIds);
    }
  }

  /** The ids in two strata: those {@code first} holds for, then the others. */
  private static List<List<String>> twoStrata(List<String> ids, Predicate<String> first) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      (first.test(id) ? in : out).add(id);
    }
    return List.of(in, out);
  }

  /** One part's cases, ready for its metrics. */
  private interface Part {
    int size();

    /** Positives (binary) or events (survival); 0 for other tasks. */
    int positives();

    Evaluation prepare(Resolved metric);
  }

  private static TestSet binary(EvaluationSpec spec, Path labelsCsv, Path predictionsCsv)
      throws IOException, InvalidPredictionsException {
    HiddenLabels labels = HiddenLabels.read(labelsCsv, spec.hidden());
    Map<String, Double> probabilities = PredictionsFile.read(predictionsCsv,
        spec.predictions().idColumn(), spec.predictions().scoreColumn(),
        new HashSet<>(labels.ids()));
    return new TestSet(labels.ids(), twoStrata(labels.ids(), labels.positives()::contains), ids -> {
      boolean[] positive = new boolean[ids.size()];
      double[] probability = new double[ids.size()];
      int i = 0;
      int positives = 0;
      for (String id : ids) {
        positive[i] = labels.positives().contains(id);
        probability[i] = probabilities.get(id);
        positives += positive[i] ? 1 : 0;
        i++;
      }
      BinaryCases cases = BinaryCases.byProbability(positive, probability);
      return newPart(ids.size(), positives,
          m -> ((BinaryMetric) m.definition()).prepare(cases, m.params()));
    });
  }

  private static TestSet multiclass(EvaluationSpec spec, Path labelsCsv, Path predictionsCsv)
      throws IOException, InvalidPredictionsException {
    List<String> classes = spec.predictions().classes();
    TreeMap<String, LabelsFile.Row> rows = LabelsFile.read(labelsCsv, spec.hidden().idColumn(),
        List.of(spec.hidden().labelColumn()));
    Map<String, Integer> classIndex = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      classIndex.put(classes.get(c), c);
    }
    Map<String, Integer> label = new HashMap<>();
    rows.forEach((id, row) -> {
      Integer c = classIndex.get(row.values()[0]);
      if (c == null) {
        throw new IllegalStateException(LabelsFile.where(labelsCsv) + ", row " + row.line()
            + ": label '" + row.values()[0] + "' in column '" + spec.hidden().labelColumn()
            + "' is not one of the classes " + String.join(", ", classes));
      }
      label.put(id, c);
    });
    List<String> ids = new ArrayList<>(rows.keySet());
    Map<String, double[]> probabilities = PredictionsFile.read(predictionsCsv,
        spec.predictions().idColumn(), classes, ValueKind.PROBABILITY, true,
        new HashSet<>(ids));
    List<List<String>> strata = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      strata.add(new ArrayList<>());
    }
    for (String id : ids) {
      strata.get(label.get(id)).add(id);
    }
    return new TestSet(ids, strata, partIds -> {
      int[] truth = new int[partIds.size()];
      int[] predicted = new int[partIds.size()];
      int i = 0;
      for (String id : partIds) {
        truth[i] = label.get(id);
        predicted[i] = argmax(probabilities.get(id));
        i++;
      }
      return newPart(partIds.size(), 0, m -> ((MulticlassMetric) m.definition())
          .prepare(truth, predicted, classes.size(), m.params(), m.matrix()));
    });
  }

  /** The index of the largest value; a tie goes to the first (the class listed first). */
  static int argmax(double[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }

  private static TestSet regression(EvaluationSpec spec, Path labelsCsv, Path predictionsCsv)
      throws IOException, InvalidPredictionsException {
    String column = spec.hidden().labelColumn();
    TreeMap<String, LabelsFile.Row> rows = LabelsFile.read(labelsCsv, spec.hidden().idColumn(),
        List.of(column));
    Map<String, Double> truth = new HashMap<>();
    rows.forEach((id, row) -> truth.put(id, LabelsFile.number(labelsCsv, row, 0, column)));
    List<String> ids = new ArrayList<>(rows.keySet());
    Map<String, double[]> predictions = PredictionsFile.read(predictionsCsv,
        spec.predictions().idColumn(), List.of(spec.predictions().scoreColumn()),
        ValueKind.VALUE, false, new HashSet<>(ids));
    return new TestSet(ids, List.of(ids), partIds -> {
      double[] y = new double[partIds.size()];
      double[] prediction = new double[partIds.size()];
      int i = 0;
      for (String id : partIds) {
        y[i] = truth.get(id);
        prediction[i] = predictions.get(id)[0];
        i++;
      }
      return newPart(partIds.size(), 0,
          m -> ((RegressionMetric) m.definition()).prepare(y, prediction, m.params()));
    });
  }

  private static TestSet survival(EvaluationSpec spec, Path labelsCsv, Path predictionsCsv)
      throws IOException, InvalidPredictionsException {
    String timeColumn = spec.hidden().timeColumn();
    String eventColumn = spec.hidden().eventColumn();
    TreeMap<String, LabelsFile.Row> rows = LabelsFile.read(labelsCsv, spec.hidden().idColumn(),
        List.of(timeColumn, eventColumn));
    Map<String, Double> times = new HashMap<>();
    Set<String> events = new HashSet<>();
    rows.forEach((id, row) -> {
      double time = LabelsFile.number(labelsCsv, row, 0, timeColumn);
      if (time < 0) {
        throw new IllegalStateException(LabelsFile.where(labelsCsv) + ", row " + row.line()
            + ": time " + row.values()[0] + " in column '" + timeColumn + "' is negative");
      }
      times.put(id, time);
      String event = row.values()[1];
      if (event.equals("1")) {
        events.add(id);
      } else if (!event.equals("0")) {
        throw new IllegalStateException(LabelsFile.where(labelsCsv) + ", row " + row.line()
            + ": '" + event + "' in column '" + eventColumn + "' must be 1 (event) or 0"
            + " (censored)");
      }
    });
    List<String> ids = new ArrayList<>(rows.keySet());
    Map<String, double[]> risks = PredictionsFile.read(predictionsCsv,
        spec.predictions().idColumn(), List.of(spec.predictions().scoreColumn()),
        ValueKind.RISK, false, new HashSet<>(ids));
    return new TestSet(ids, twoStrata(ids, events::contains), partIds -> {
      double[] time = new double[partIds.size()];
      boolean[] event = new boolean[partIds.size()];
      double[] risk = new double[partIds.size()];
      int i = 0;
      int eventCount = 0;
      for (String id : partIds) {
        time[i] = times.get(id);
        event[i] = events.contains(id);
        risk[i] = risks.get(id)[0];
        eventCount += event[i] ? 1 : 0;
        i++;
      }
      return newPart(partIds.size(), eventCount,
          m -> ((SurvivalMetric) m.definition()).prepare(time, event, risk, m.params()));
    });
  }

  private static Part newPart(int size, int positives,
      Function<Resolved, Evaluation> prepare) {
    return new Part() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public int positives() {
        return positives;
      }

      @Override
      public Evaluation prepare(Resolved metric) {
        return prepare.apply(metric);
      }
    };
  }
}
