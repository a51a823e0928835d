package org.palmares.evaluator.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The seeded, stratified, paired bootstrap of one part of a test set.
 *
 * <p><b>Paired.</b> The resample indices depend on the challenge, the phase, the part, the
 * challenge's bootstrap seed, the number of resamples and the part's ids (its data version),
 * never on the submission: every submission of a phase is scored on the <em>same</em> resamples
 * of a part, so the platform can compare two teams resample by resample (rank intervals, paired
 * differences) instead of treating their intervals as independent. {@link Resampling#key()}
 * names the indices: two vectors are paired exactly when their keys are equal. The draws are made
 * over the cases in id order; a metric that lays the cases out otherwise (by score, say) is given
 * the same multiplicities through its {@code layout}.
 *
 * <p><b>Stratified.</b> Each stratum (the class of a binary or multiclass task, the event
 * indicator of a survival task; regression has one stratum) is resampled within itself, so a
 * resample holds exactly the part's class counts and is never one-class when the part is not
 * (pROC's default for ROC curves, {@code boot.stratified = TRUE}). This is the one rule for
 * undefined resamples, and the same for every metric of a report: a resample on which any metric
 * defined on the part is undefined is dropped for all of them, so every interval of a part rests
 * on the same {@link Resampling#valid()} resamples.
 *
 * <p><b>The stream.</b> SplitMix64 (Steele, Lea and Flood, 2014), specified to the bit so that any
 * implementation can reproduce the resamples: the state advances by the golden gamma
 * 0x9E3779B97F4A7C15 and each output is the state through the finalizer {@link Stream#mix};
 * indices below {@code k} by Lemire's multiply-shift with rejection (unbiased) from the high 32
 * bits of each output. For each resample, for each stratum in order, {@code k} draws of an index
 * below the stratum's size {@code k} pick the stratum's cases (its ids in {@link String#compareTo}
 * order). The initial state is the big-endian long of bytes 8..15 of the SHA-256 of the key's
 * material (see {@link #plan}); the key is bytes 0..7 in hexadecimal.
 */
final class PairedBootstrap {

  /** See {@link Resampling#REPORTED_MAX}. */
  static final int REPORTED_RESAMPLES_MAX = Resampling.REPORTED_MAX;

  /** The scheme name written in reports. */
  static final String STRATIFIED = "stratified";

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private PairedBootstrap() {}

  /**
   * The resample indices of one part.
   *
   * @param resamples  how many resamples are drawn
   * @param streamSeed the initial state of the stream
   * @param key        a name for these indices: equal keys, equal indices
   * @param strata     for each stratum, in order, its case indices (in id order), ascending
   * @param cases      number of cases in the part
   */
  record Plan(int resamples, long streamSeed, String key, int[][] strata, int cases) {
    Plan {
      if (resamples < 1) {
        throw new IllegalArgumentException("the bootstrap needs at least one resample: " + resamples);
      }
    }
  }

  /**
   * The plan of one part of a phase.
   *
   * @param sortedIds the part's ids, in {@link String#compareTo} order (case {@code i} is the i-th)
   * @param stratumOf each case's stratum, in [0, strata)
   */
  static Plan plan(String challenge, String phase, int partIndex, long bootstrapSeed, int resamples,
      List<String> sortedIds, int[] stratumOf, int strata) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK has SHA-256", impossible);
    }
    // Lengths before each string: no two materials read the same.
    for (String field : List.of("palmares-resampling-v1", STRATIFIED, challenge, phase,
        Integer.toString(partIndex), Long.toString(bootstrapSeed), Integer.toString(resamples),
        Integer.toString(strata))) {
      update(sha, field);
    }
    for (int i = 0; i < sortedIds.size(); i++) {
      update(sha, sortedIds.get(i));
      update(sha, Integer.toString(stratumOf[i]));
    }
    byte[] digest = sha.digest();
    String key = HexFormat.of().formatHex(digest, 0, 8);
    long streamSeed = ByteBuffer.wrap(digest, 8, 8).getLong();
    return new Plan(resamples, streamSeed, key, strataOf(stratumOf, strata), sortedIds.size());
  }

  /** One stratum of {@code n} cases, its stream seeded directly (tests and tools). */
  static Plan unstratified(long seed, int n, int resamples) {
    return new Plan(resamples, Stream.mix(seed), "seed-" + seed, strataOf(new int[n], 1), n);
  }

  private static void update(MessageDigest sha, String field) {
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static int[][] strataOf(int[] stratumOf, int strata) {
    int[] sizes = new int[strata];
    for (int s : stratumOf) {
      sizes[s]++;
    }
    int[][] members = new int[strata][];
    for (int s = 0; s < strata; s++) {
      members[s] = new int[sizes[s]];
    }
    int[] filled = new int[strata];
    for (int i = 0; i < stratumOf.length; i++) {
      members[stratumOf[i]][filled[stratumOf[i]]++] = i;
    }
    return members;
  }

  /**
   * One metric's estimate on a part.
   *
   * @param point  the metric on the part itself
   * @param ci     its 95% interval, or null (undefined on the part, or no valid resample)
   * @param values its value on each valid reported resample, in resample order; empty when the
   *               metric is undefined on the part
   */
  record Estimate(Evaluation.Outcome point, Interval ci, List<Double> values) {}

  /** Every metric's estimate, in the given order, and the resampling they share. */
  record Result(List<Estimate> estimates, Resampling resampling) {}

  /**
   * Computes every evaluation on the part and on each resample of the plan, and its interval by
   * its {@link IntervalMethod}.
   *
   * @param layout      {@code layout[k]} is the id-order index of the case the evaluations hold at
   *                    position {@code k}; null when they hold the cases in id order
   * @param evaluations the metrics, bound to the part's cases
   */
  static Result run(Plan plan, int[] layout, List<Evaluation> evaluations) {
    int n = plan.cases();
    int metrics = evaluations.size();
    int[] ones = Evaluation.ones(n);
    Evaluation.Outcome[] points = new Evaluation.Outcome[metrics];
    for (int m = 0; m < metrics; m++) {
      points[m] = evaluations.get(m).on(ones);
    }
    int resamples = plan.resamples();
    double[][] values = new double[metrics][resamples];
    int valid = 0;
    int reported = Math.min(resamples, REPORTED_RESAMPLES_MAX);
    int reportedValid = 0;
    List<Integer> dropped = new ArrayList<>();
    int[] drawn = new int[n];
    int[] weights = layout == null ? drawn : new int[n];
    Stream rng = new Stream(plan.streamSeed());
    for (int r = 0; r < resamples && n > 0; r++) {
      draw(plan.strata(), drawn, rng);
      if (layout != null) {
        for (int k = 0; k < n; k++) {
          weights[k] = drawn[layout[k]];
        }
      }
      boolean defined = true;
      for (int m = 0; m < metrics && defined; m++) {
        if (!points[m].isDefined()) {
          continue; // no value on the part: it has no say over which resamples count
        }
        Evaluation.Outcome outcome = evaluations.get(m).on(weights);
        defined = outcome.isDefined();
        values[m][valid] = outcome.value();
      }
      if (defined) {
        valid++;
        if (r < reported) {
          reportedValid++;
        }
      } else if (r < reported) {
        dropped.add(r);
      }
    }
    List<Estimate> estimates = new ArrayList<>(metrics);
    for (int m = 0; m < metrics; m++) {
      if (!points[m].isDefined()) {
        estimates.add(new Estimate(points[m], null, List.of()));
        continue;
      }
      double[] metricValues = Arrays.copyOf(values[m], valid);
      Evaluation evaluation = evaluations.get(m);
      Interval ci = valid == 0 ? null
          : evaluation instanceof Evaluation.ClosedForm closed ? closed.interval(valid)
          : IntervalMethod.of(evaluation).interval(points[m].value(), metricValues,
              new Jackknife(evaluation, n), valid);
      List<Double> kept = new ArrayList<>(reportedValid);
      for (int v = 0; v < reportedValid; v++) {
        kept.add(metricValues[v]);
      }
      estimates.add(new Estimate(points[m], ci, List.copyOf(kept)));
    }
    return new Result(List.copyOf(estimates),
        new Resampling(STRATIFIED, resamples, valid, reported, plan.key(), dropped));
  }

  /** Draws one resample's multiplicities, in id order, stratum by stratum. */
  private static void draw(int[][] strata, int[] weights, Stream rng) {
    Arrays.fill(weights, 0);
    for (int[] stratum : strata) {
      int k = stratum.length;
      for (int j = 0; j < k; j++) {
        weights[stratum[rng.nextIndex(k)]]++;
      }
    }
  }

  /**
   * Leave-one-out values of a metric, for the BCa acceleration: exact (one value per case) up to
   * {@value #JACKKNIFE_GROUPS} cases, beyond that a grouped (delete-d) jackknife over that many
   * groups of cases taken by index modulo the number of groups, so its cost stays at most
   * {@value #JACKKNIFE_GROUPS} evaluations of the metric whatever the size of the part. The
   * layout does not matter here: every case is left out once.
   */
  record Jackknife(Evaluation evaluation, int cases) {
    static final int JACKKNIFE_GROUPS = 200;

    /** The defined leave-out values. */
    double[] values() {
      int n = cases;
      int groups = Math.min(n, JACKKNIFE_GROUPS);
      double[] out = new double[groups];
      int defined = 0;
      int[] weights = Evaluation.ones(n);
      for (int g = 0; g < groups; g++) {
        for (int i = g; i < n; i += groups) {
          weights[i] = 0;
        }
        Evaluation.Outcome outcome = evaluation.on(weights);
        if (outcome.isDefined()) {
          out[defined++] = outcome.value();
        }
        for (int i = g; i < n; i += groups) {
          weights[i] = 1;
        }
      }
      return Arrays.copyOf(out, defined);
    }
  }

  /** The bootstrap's random stream (see the class comment). */
  static final class Stream {
    private long state;

    Stream(long state) {
      this.state = state;
    }

    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    long nextLong() {
      state += GOLDEN_GAMMA;
      return mix(state);
    }

    /** A uniform index in [0, n), n >= 1. */
    int nextIndex(int n) {
      long product = (nextLong() >>> 32) * n;
      long low = product & 0xFFFFFFFFL;
      if (low < n) {
        long threshold = (0x100000000L - n) % n;
        while (low < threshold) {
          product = (nextLong() >>> 32) * n;
          low = product & 0xFFFFFFFFL;
        }
      }
      return (int) (product >>> 32);
    }
  }
}
