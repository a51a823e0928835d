package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a phase orders its teams over one or several metrics, as {@code challenge.yaml} declares
 * it ({@code phases[].ranking}); a pure function the board calls with each team's values.
 *
 * <ul>
 *   <li>{@code primary} (the default): by the primary metric alone.</li>
 *   <li>{@code rank-then-aggregate} (challengeR's {@code rankThenAggregate}, Wiesenfarth et al.
 *       2021): rank the teams on each metric, then order them by their mean rank (weighted by the
 *       declared weights).</li>
 *   <li>{@code aggregate-then-rank}: order by the weighted mean of the metrics' values; the metrics
 *       must then share one direction (the bundle validator refuses a mix: a mean of an AUC and a
 *       log loss means nothing).</li>
 * </ul>
 *
 * <p>Tie rules, stated on the board ({@link #TIES}): on each metric and on the aggregate, equal
 * values share the best rank (competition ranking, 1, 2, 2, 4; challengeR's {@code ties.method =
 * "min"}); a team without a value for a metric takes the rank after every team that has one
 * (challengeR's {@code na.treat = "last"}), and for aggregate-then-rank comes after every team with
 * all its values; the order within a tie is the input order (the board passes teams by the time
 * of the submission shown, earlier first). Values are compared as given: the board passes them
 * rounded to the phase's precision, so a difference nobody can see does not decide a rank.
 */
public final class Ranking {

  /** The tie rules, for the board's footer. */
  public static final String TIES = "Equal values share the best rank (1, 2, 2, 4); a missing value ranks"
      + " after every present one; within a tie, the earlier submission is listed first.";

  /** The ranking methods, by the name {@code challenge.yaml} uses. */
  public enum Method {
    PRIMARY, RANK_THEN_AGGREGATE, AGGREGATE_THEN_RANK;

    /** Its name in {@code challenge.yaml}: the constant's, lower case, dashes for underscores. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The method of this name. */
    public static Method byId(String id) {
      return java.util.Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown ranking method '" + id
              + "'; known: primary, rank-then-aggregate, aggregate-then-rank"));
    }
  }

  /**
   * A declared ranking.
   *
   * @param method         how
   * @param metrics        the metrics it uses, primary first (only the first for {@code primary})
   * @param higherIsBetter each metric's direction
   * @param weights        each metric's weight (1 when absent)
   */
  public record Spec(Method method, List<String> metrics, Map<String, Boolean> higherIsBetter,
      Map<String, Double> weights) {
    public Spec {
      Objects.requireNonNull(method, "method");
      metrics = List.copyOf(metrics);
      higherIsBetter = Map.copyOf(higherIsBetter);
      weights = weights == null ? Map.of() : Map.copyOf(weights);
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException("a ranking needs at least one metric");
      }
      for (String m : metrics) {
        if (!higherIsBetter.containsKey(m)) {
          throw new IllegalArgumentException("no direction for metric " + m);
        }
      }
      if (method == Method.AGGREGATE_THEN_RANK
          && metrics.stream().map(higherIsBetter::get).distinct().count() > 1) {
        throw new IllegalArgumentException("aggregate-then-rank needs metrics of one direction");
      }
    }

    /** The default: the primary metric alone. */
    public static Spec primary(String metric, boolean higherIsBetter) {
      return new Spec(Method.PRIMARY, List.of(metric), Map.of(metric, higherIsBetter), Map.of());
    }

    double weight(String metric) {
      return weights.getOrDefault(metric, 1.0);
    }
  }

  /**
   * One team's values.
   *
   * @param team   the team
   * @param values metric name to value; a missing or null value is "no value"
   */
  public record Candidate(String team, Map<String, Double> values) {}

  /**
   * One team's place.
   *
   * @param team      the team
   * @param rank      its rank (ties share the best)
   * @param aggregate what it was ranked by: the primary value, the mean rank, or the mean value;
   *                  NaN when it lacks what it takes
   */
  public record Ranked(String team, int rank, double aggregate) {}

  private Ranking() {}

  /**
   * Ranks candidates.
   *
   * @param candidates in tie order (earlier submission first)
   * @return every candidate, best first
   */
  public static List<Ranked> rank(Spec spec, List<Candidate> candidates) {
    int n = candidates.size();
    double[] aggregate = new double[n];
    boolean[] complete = new boolean[n];
    boolean lowerAggregateIsBetter;
    switch (spec.method()) {
      case PRIMARY -> {
        String metric = spec.metrics().get(0);
        for (int i = 0; i < n; i++) {
          Double v = candidates.get(i).values().get(metric);
          complete[i] = v != null;
          aggregate[i] = v == null ? Double.NaN : v;
        }
        lowerAggregateIsBetter = !spec.higherIsBetter().get(metric);
      }
      case RANK_THEN_AGGREGATE -> {
        double totalWeight = spec.metrics().stream().mapToDouble(spec::weight).sum();
        for (String metric : spec.metrics()) {
          double[] values = new double[n];
          boolean[] present = new boolean[n];
          for (int i = 0; i < n; i++) {
            Double v = candidates.get(i).values().get(metric);
            present[i] = v != null;
            values[i] = v == null ? Double.NaN : v;
          }
          int[] ranks = competitionRanks(values, present, !spec.higherIsBetter().get(metric));
          for (int i = 0; i < n; i++) {
            aggregate[i] += spec.weight(metric) * ranks[i];
          }
        }
        for (int i = 0; i < n; i++) {
          aggregate[i] /= totalWeight;
          complete[i] = true; // a missing value already took the last rank
        }
        lowerAggregateIsBetter = true;
      }
      case AGGREGATE_THEN_RANK -> {
        double totalWeight = spec.metrics().stream().mapToDouble(spec::weight).sum();
        for (int i = 0; i < n; i++) {
          double sum = 0;
          boolean all = true;
          for (String metric : spec.metrics()) {
            Double v = candidates.get(i).values().get(metric);
            all &= v != null;
            sum += v == null ? 0 : spec.weight(metric) * v;
          }
          complete[i] = all;
          aggregate[i] = all ? sum / totalWeight : Double.NaN;
        }
        lowerAggregateIsBetter = !spec.higherIsBetter().get(spec.metrics().get(0));
      }
      default -> throw new IllegalStateException(spec.method().toString());
    }
    int[] ranks = competitionRanks(aggregate, complete, lowerAggregateIsBetter);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> ranks[i])); // stable: ties keep the input order
    List<Ranked> out = new ArrayList<>(n);
    for (int i : order) {
      out.add(new Ranked(candidates.get(i).team(), ranks[i], aggregate[i]));
    }
    return List.copyOf(out);
  }

  /**
   * Competition ranks (1 + the number of present values strictly better); an absent value ranks
   * after every present one (1 + the number present).
   */
  static int[] competitionRanks(double[] values, boolean[] present, boolean lowerIsBetter) {
    int n = values.length;
    int presentCount = 0;
    for (boolean p : present) {
      presentCount += p ? 1 : 0;
    }
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      if (!present[i]) {
        ranks[i] = presentCount + 1;
        continue;
      }
      int better = 0;
      for (int j = 0; j < n; j++) {
        if (present[j] && (lowerIsBetter ? values[j] < values[i] : values[j] > values[i])) {
          better++;
        }
      }
      ranks[i] = better + 1;
    }
    return ranks;
  }

  /** A short description for the board, e.g. "mean rank over roc_auc, brier". */
  public static String describe(Spec spec) {
    return switch (spec.method()) {
      case PRIMARY -> spec.metrics().get(0);
      case RANK_THEN_AGGREGATE -> "mean rank over " + String.join(", ", spec.metrics());
      case AGGREGATE_THEN_RANK -> "mean of " + String.join(", ", spec.metrics()).toLowerCase(Locale.ROOT);
    };
  }
}
