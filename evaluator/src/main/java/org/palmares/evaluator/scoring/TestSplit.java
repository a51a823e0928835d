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
 * <p>Algorithm, to be reproducible elsewhere: sort the positive ids, then the negative ids,
 * lexicographically ({@link String#compareTo}); create one {@link Well19937c} seeded with {@code
 * split.seed()}; for the positives then the negatives, shuffle the indices {@code 0..k-1} with
 * {@link MathArrays#shuffle(int[], RandomGenerator)} and put the ids at the first {@code
 * Math.round(publicFraction * k)} shuffled indices into the public part.
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
   * Splits a test set.
   *
   * @param ids       every test id, each once
   * @param positives the ids of the positive class, a subset of {@code ids}
   * @param split     fraction of each class that goes public, in [0, 1], and the seed
   */
  public static TestSplit of(Collection<String> ids, Set<String> positives,
      EvaluationSpec.Split split) {
    double fraction = split.publicFraction();
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the public fraction must be in [0, 1]: " + fraction);
    }
    TreeSet<String> sortedIds = new TreeSet<>(ids);
    if (sortedIds.size() != ids.size()) {
      throw new IllegalArgumentException("test ids must be unique");
    }
    if (!sortedIds.containsAll(positives)) {
      throw new IllegalArgumentException("every positive id must be a test id");
    }
    List<String> positiveIds = new ArrayList<>();
    List<String> negativeIds = new ArrayList<>();
    for (String id : sortedIds) {
      (positives.contains(id) ? positiveIds : negativeIds).add(id);
    }
    RandomGenerator rng = new Well19937c(split.seed());
    Set<String> publicIds = new TreeSet<>();
    Set<String> privateIds = new TreeSet<>();
    for (List<String> stratum : List.of(positiveIds, negativeIds)) {
      int size = stratum.size();
      int[] order = new int[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      MathArrays.shuffle(order, rng);
      long publicCount = Math.round(fraction * size);
      for (int i = 0; i < size; i++) {
        (i < publicCount ? publicIds : privateIds).add(stratum.get(order[i]));
      }
    }
    return new TestSplit(publicIds, privateIds);
  }

  /** Whether the id belongs to the public part. */
  public boolean isPublic(String id) {
    return publicIds.contains(id);
  }
}
