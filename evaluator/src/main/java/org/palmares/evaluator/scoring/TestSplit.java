package org.palmares.evaluator.scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.util.MathArrays;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The division of a test set into a public part, scored during a phase, and a private part,
 * revealed at its end.
 *
 * <p>The split is a pure function of the ids, their classes and the {@link EvaluationSpec.Split}
 * (fraction and seed), so the same id lands in the same part on every run and every machine: a
 * submission's public score never moves between re-scorings, and competitors cannot probe the
 * private part by resubmitting. It is stratified by class, so each part holds both classes
 * whenever the class sizes allow.
 *
 * <p>Algorithm, to be reproducible elsewhere: sort the ids of each stratum (for binary tasks,
 * the positive ids, then the negative ids) lexicographically ({@link String#compareTo}); create
 * one {@link Well19937c} seeded with {@code split.seed()}; for each stratum in order, shuffle the
 * indices {@code 0..k-1} with {@link MathArrays#shuffle(int[], RandomGenerator)} and put the ids
 * at the first {@code publicCount(publicFraction, k)} shuffled indices into the public part: {@code
 * Math.round(publicFraction * k)}, clamped to [1, k - 1] when the stratum has at least two ids, so
 * that each part holds every class (a part without a class has no ROC AUC, and every team would
 * vanish from its board). A stratum of one id cannot be split; the bundle validator refuses parts
 * with fewer than the declared minimum of cases of each class.
 *
 * <p>A spec may instead list the public ids ({@link #explicit}); the fraction and seed are then
 * ignored.
 *
 * @param publicIds  ids of the public part, sorted; unmodifiable
 * @param privateIds ids of the private part, sorted; unmodifiable
 */
public record TestSplit(Set<String> publicIds, Set<String> privateIds) {

  public TestSplit {
    publicIds = Collections.unmodifiableSortedSet(new TreeSet<>(publicIds));
    privateIds = Collections.unmodifiableSortedSet(new TreeSet<>(privateIds));
  }

  /**
   * Splits a binary classification test set, stratified by class (positives, then negatives).
   *
   * @param ids       every test id, each once
   * @param positives the ids of the positive class, a subset of {@code ids}
   * @param split     fraction of each class that goes public, in [0, 1], and the seed
   */
  public static TestSplit of(Collection<String> ids, Set<String> positives,
      EvaluationSpec.Split split) {
    TreeSet<String> sortedIds = uniqueSorted(ids);
    if (!sortedIds.containsAll(positives)) {
      throw new IllegalArgumentException("every positive id must be a test id");
    }
    List<String> positiveIds = new ArrayList<>();
    List<String> negativeIds = new ArrayList<>();
    for (String id : sortedIds) {
      (positives.contains(id) ? positiveIds : negativeIds).add(id);
    }
    return stratified(List.of(positiveIds, negativeIds), split);
  }

  /**
   * Splits a test set stratified by the given strata, in their order, as described above for the
   * two classes of a binary task: multiclass tasks pass one stratum per class in the order of the
   * contract's classes, survival tasks the cases with an event then the censored ones, regression
   * one stratum of every id.
   *
   * @param strata disjoint groups of ids covering the test set, each once; an empty one is fine
   * @param split  fraction of each stratum that goes public, in [0, 1], and the seed
   */
  public static TestSplit stratified(List<? extends Collection<String>> strata,
      EvaluationSpec.Split split) {
    Double fraction = split.publicFraction();
    if (fraction == null || !(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the public fraction must be in [0, 1]: " + fraction);
    }
    if (split.seed() == null) {
      throw new IllegalArgumentException("a split by fraction needs a seed");
    }
    int total = 0;
    Set<String> all = new TreeSet<>();
    for (Collection<String> stratum : strata) {
      total += stratum.size();
      all.addAll(stratum);
    }
    if (all.size() != total) {
      throw new IllegalArgumentException("test ids must be unique");
    }
    RandomGenerator rng = new Well19937c(split.seed());
    Set<String> publicIds = new TreeSet<>();
    Set<String> privateIds = new TreeSet<>();
    for (Collection<String> unsorted : strata) {
      List<String> stratum = new ArrayList<>(new TreeSet<>(unsorted));
      int size = stratum.size();
      int[] order = new int[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      MathArrays.shuffle(order, rng);
      long publicCount = publicCount(fraction, size);
      for (int i = 0; i < size; i++) {
        (i < publicCount ? publicIds : privateIds).add(stratum.get(order[i]));
      }
    }
    return new TestSplit(publicIds, privateIds);
  }

  /**
   * How many ids of a stratum of {@code size} go public: the rounded fraction, but never all nor
   * none of a stratum of two or more (the one rule the split and the bundle validator share).
   */
  public static long publicCount(double fraction, int size) {
    long rounded = Math.round(fraction * size);
    // A fraction of exactly 0 or 1 asks for one part only (tools use it): nothing to keep whole.
    boolean onePart = fraction == 0 || fraction == 1;
    return size < 2 || onePart ? rounded : Math.max(1, Math.min(size - 1, rounded));
  }

  /**
   * Splits a test set by an explicit list of public ids; every other id is private.
   *
   * @throws IllegalArgumentException if a public id is not a test id
   */
  public static TestSplit explicit(Collection<String> ids, Set<String> publicIds) {
    TreeSet<String> sortedIds = uniqueSorted(ids);
    TreeSet<String> unknown = new TreeSet<>(publicIds);
    unknown.removeAll(sortedIds);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(unknown.size() + " public id(s) are not test ids, e.g. '"
          + unknown.first() + "'");
    }
    Set<String> privateIds = new TreeSet<>(sortedIds);
    privateIds.removeAll(publicIds);
    return new TestSplit(publicIds, privateIds);
  }

  private static TreeSet<String> uniqueSorted(Collection<String> ids) {
    TreeSet<String> sortedIds = new TreeSet<>(ids);
    if (sortedIds.size() != ids.size()) {
      throw new IllegalArgumentException("test ids must be unique");
    }
    return sortedIds;
  }

  /** Whether the id belongs to the public part. */
  public boolean isPublic(String id) {
    return publicIds.contains(id);
  }
}
