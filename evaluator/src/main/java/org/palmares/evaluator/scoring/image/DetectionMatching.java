package org.palmares.evaluator.scoring.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.matching.MaximumWeightBipartiteMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Matches a case's detections to its truth lesions under a declared criterion and assignment.
 *
 * @param criterion  when a detection may count for a lesion
 * @param threshold  the criterion's threshold: the largest centre distance (spacing units), or
 *                   the IoU to exceed; unused by {@link MatchCriterion#POINT_IN_BOX}
 * @param assignment how candidate pairs become one-to-one pairs
 */
public record DetectionMatching(MatchCriterion criterion, double threshold,
    Assignment assignment) {

  public DetectionMatching {
    if (criterion == null || assignment == null) {
      throw new IllegalArgumentException("detection matching needs a criterion and an assignment");
    }
    if (!(threshold >= 0 && Double.isFinite(threshold))
        || criterion == MatchCriterion.IOU && threshold >= 1) {
      throw new IllegalArgumentException("the threshold of " + criterion.id() + " must be "
          + (criterion == MatchCriterion.IOU ? "in [0, 1)" : "a number >= 0") + ": " + threshold);
    }
  }

  /**
   * The case's counts and FROC scores.
   *
   * @param spacing physical pixel size along x, y (and z), for centre distances
   */
  public DetectionCase match(List<Detection> detections, List<Location> lesions,
      double[] spacing) {
    if (criterion == MatchCriterion.POINT_IN_MASK) {
      throw new IllegalStateException("criterion point_in_mask needs the lesions as an instance"
          + " mask, not a list of points or boxes");
    }
    for (Location lesion : lesions) {
      if (!lesion.isBox() && criterion != MatchCriterion.CENTRE_DISTANCE) {
        throw new IllegalStateException("criterion " + criterion.id() + " needs lesions given as"
            + " boxes; one is a point");
      }
    }
    return match(detections, lesions.size(),
        (i, j) -> quality(detections.get(i).location(), lesions.get(j), spacing));
  }

  /**
   * The case's counts and FROC scores, the lesions being the labelled regions of an instance
   * mask ({@link MatchCriterion#POINT_IN_MASK}).
   */
  public DetectionCase match(List<Detection> detections, LabelRaster instances)
      throws IOException {
    if (criterion != MatchCriterion.POINT_IN_MASK) {
      throw new IllegalStateException("criterion " + criterion.id() + " needs the lesions as"
          + " points or boxes, not an instance mask");
    }
    LesionMask mask = LesionMask.read(instances, detections);
    return match(detections, mask.lesions(), (i, j) -> mask.lesionOf(i) == j ? 1 : 0);
  }

  /** The quality of a pair: in (0, 1] when detection i may match lesion j, larger better; else 0. */
  private interface Quality {
    double of(int detection, int lesion);
  }

  private DetectionCase match(List<Detection> detections, int m, Quality quality) {
    int n = detections.size();
    List<int[]> candidates = new ArrayList<>();
    List<Double> qualities = new ArrayList<>();
    double[] lesionScores = new double[m];
    List<Double> unmatchedScores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Detection d = detections.get(i);
      boolean any = false;
      for (int j = 0; j < m; j++) {
        double q = quality.of(i, j);
        if (q > 0) {
          candidates.add(new int[] {i, j});
          qualities.add(q);
          lesionScores[j] = Math.max(lesionScores[j], d.probability());
          any = true;
        }
      }
      if (!any) {
        unmatchedScores.add(d.probability());
      }
    }
    int pairs = assignment == Assignment.HUNGARIAN ? hungarian(n, m, candidates, qualities)
        : greedy(detections, m, candidates, qualities);
    return new DetectionCase(pairs, n - pairs, m - pairs,
        unmatchedScores.stream().mapToDouble(Double::doubleValue).toArray(), lesionScores);
  }

  /** In (0, 1] when the pair may match (larger is better), else 0. */
  private double quality(Location detection, Location lesion, double[] spacing) {
    return switch (criterion) {
      case POINT_IN_MASK -> throw new IllegalStateException("point_in_mask matches by mask");
      case POINT_IN_BOX -> lesion.contains(detection.centre())
          ? 1 / (1 + detection.centreDistance(lesion, spacing)) : 0;
      case CENTRE_DISTANCE -> {
        double distance = detection.centreDistance(lesion, spacing);
        yield distance <= threshold ? 1 / (1 + distance) : 0;
      }
      case IOU -> {
        if (!detection.isBox()) {
          throw new IllegalArgumentException("criterion iou needs detections given as boxes");
        }
        double iou = detection.iou(lesion);
        yield iou > threshold ? iou : 0;
      }
    };
  }

  private static int hungarian(int n, int m, List<int[]> candidates, List<Double> qualities) {
    if (candidates.isEmpty()) {
      return 0;
    }
    Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    Set<Integer> detectionSide = new HashSet<>();
    Set<Integer> lesionSide = new HashSet<>();
    for (int[] c : candidates) {
      detectionSide.add(c[0]);
      lesionSide.add(n + c[1]);
    }
    detectionSide.forEach(graph::addVertex);
    lesionSide.forEach(graph::addVertex);
    // Each pair is worth more than any sum of qualities (at most min(n, m), each <= 1), so the
    // heaviest matching is first of all a largest one.
    double pairWorth = Math.min(n, m) + 1;
    for (int k = 0; k < candidates.size(); k++) {
      int[] c = candidates.get(k);
      DefaultWeightedEdge edge = graph.addEdge(c[0], n + c[1]);
      graph.setEdgeWeight(edge, pairWorth + qualities.get(k));
    }
    return new MaximumWeightBipartiteMatching<>(graph, detectionSide, lesionSide).getMatching()
        .getEdges().size();
  }

  private static int greedy(List<Detection> detections, int m, List<int[]> candidates,
      List<Double> qualities) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -detections.get(i).probability())
        .thenComparingInt(i -> i));
    // Candidates are listed by detection, so each detection's are a contiguous run.
    int[] firstCandidate = new int[detections.size() + 1];
    for (int[] c : candidates) {
      firstCandidate[c[0] + 1]++;
    }
    for (int i = 0; i < detections.size(); i++) {
      firstCandidate[i + 1] += firstCandidate[i];
    }
    boolean[] taken = new boolean[m];
    int pairs = 0;
    for (int i : order) {
      int best = -1;
      double bestQuality = 0;
      for (int k = firstCandidate[i]; k < firstCandidate[i + 1]; k++) {
        int lesion = candidates.get(k)[1];
        if (!taken[lesion] && qualities.get(k) > bestQuality) {
          best = lesion;
          bestQuality = qualities.get(k);
        }
      }
      if (best >= 0) {
        taken[best] = true;
        pairs++;
      }
    }
    return pairs;
  }
}
