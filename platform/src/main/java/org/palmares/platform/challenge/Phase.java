package org.palmares.platform.challenge;

import java.time.Instant;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.ImageLimits;

/**
 * One phase of a challenge: a window during which teams submit, scored on some hidden data, with
 * its own quota, limits, public/private split, leaderboard rule, reveal time and log policy.
 *
 * @param name            identifier (lower case), unique in the challenge
 * @param title           display title
 * @param opens           first instant submissions are accepted
 * @param closes          instant after which they are refused
 * @param quota           submissions per team per UTC day and in total (null fields: unlimited)
 * @param maxImageMiB     largest image archive accepted, or null for the platform's cap
 * @param maxImageUncompressedMiB largest image once its layers are decompressed
 * @param maxLayerMiB     largest layer, decompressed
 * @param maxImageEntries most entries of the archive and its layers (files, folders, links)
 * @param limits          sandbox limits (the challenge's limits overridden field by field)
 * @param data            hidden inputs and labels of this phase, or null for the challenge's
 * @param split           public/private split of the phase's hidden set
 * @param leaderboard     {@code best} or {@code latest} submission per team
 * @param revealPrivateAt when private scores become visible to everyone, or null (never before the organizers decide)
 * @param logs            {@code tail}: a team sees the tail of its own runs' logs; {@code none}: only organizers
 * @param precision       decimals shown on the public leaderboard
 * @param feedback        what a team sees of its runs beyond the log policy, or null for the defaults
 * @param ranking         how the board orders teams over the metrics, or null for the primary metric alone
 * @param ladder          whether a team's public score moves only on a significant improvement (the Ladder);
 *                        null or false: its best (or latest) score is shown
 * @param task            this phase's task, or null for the challenge's (an image challenge may have a
 *                        segmentation phase and a grading phase)
 * @param predictions     this phase's prediction contract, or null for the challenge's
 * @param metrics         this phase's metrics (normalised like the challenge's), or null for the challenge's
 * @param image           this phase's image contract (replacing the challenge's whole), or null
 * @param gpus            the GPUs each run of this phase needs, or null for none
 * @param pooled          how a multi-site challenge's pooled board treats results some site has not finished, or
 *                        null for the default (shown as provisional, not ranked)
 */
public record Phase(
    String name,
    Text title,
    Instant opens,
    Instant closes,
    Quota quota,
    Long maxImageMiB,
    long maxImageUncompressedMiB,
    long maxLayerMiB,
    long maxImageEntries,
    Challenge.Limits limits,
    HiddenFiles data,
    EvaluationSpec.Split split,
    String leaderboard,
    Instant revealPrivateAt,
    String logs,
    int precision,
    Feedback feedback,
    RankingOptions ranking,
    Boolean ladder,
    String task,
    Challenge.Predictions predictions,
    java.util.List<EvaluationSpec.MetricSpec> metrics,
    EvaluationSpec.ImageTask image,
    EvaluationSpec.GpuRequest gpus,
    PooledOptions pooled) {

  /** A phase without pooled-board options (every phase of a single-site challenge). */
  public Phase(String name, Text title, Instant opens, Instant closes, Quota quota, Long maxImageMiB,
      long maxImageUncompressedMiB, long maxLayerMiB, long maxImageEntries, Challenge.Limits limits, HiddenFiles data,
      EvaluationSpec.Split split, String leaderboard, Instant revealPrivateAt, String logs, int precision,
      Feedback feedback, RankingOptions ranking, Boolean ladder, String task, Challenge.Predictions predictions,
      java.util.List<EvaluationSpec.MetricSpec> metrics, EvaluationSpec.ImageTask image,
      EvaluationSpec.GpuRequest gpus) {
    this(name, title, opens, closes, quota, maxImageMiB, maxImageUncompressedMiB, maxLayerMiB, maxImageEntries, limits,
        data, split, leaderboard, revealPrivateAt, logs, precision, feedback, ranking, ladder, task, predictions,
        metrics, image, gpus, null);
  }

  /**
   * A multi-site phase's pooled-board options ({@code phases[].pooled}).
   *
   * @param rankProvisional whether the pooled board ranks a result that some site is still evaluating (marked
   *                        provisional); null or false: such results are listed, not ranked
   */
  public record PooledOptions(Boolean rankProvisional) {}

  /** Whether the pooled board ranks results some site has not finished ({@code pooled.rankProvisional}). */
  public boolean ranksProvisionalPooled() {
    return pooled != null && Boolean.TRUE.equals(pooled.rankProvisional());
  }

  /** A phase with the challenge's task, contract and metrics, without GPUs. */
  public Phase(String name, Text title, Instant opens, Instant closes, Quota quota, Long maxImageMiB,
      long maxImageUncompressedMiB, long maxLayerMiB, long maxImageEntries, Challenge.Limits limits, HiddenFiles data,
      EvaluationSpec.Split split, String leaderboard, Instant revealPrivateAt, String logs, int precision,
      Feedback feedback) {
    this(name, title, opens, closes, quota, maxImageMiB, maxImageUncompressedMiB, maxLayerMiB, maxImageEntries, limits,
        data, split, leaderboard, revealPrivateAt, logs, precision, feedback, null, null, null, null, null, null, null, null);
  }

  /**
   * A phase's declared ranking ({@code phases[].ranking}); see
   * {@link org.palmares.platform.leaderboard.Ranking} for the methods and the tie rules.
   *
   * @param method  {@code primary}, {@code rank-then-aggregate} or {@code aggregate-then-rank}
   * @param metrics the metrics it uses, among the challenge's; null: every metric of the challenge
   * @param weights a weight per metric (1 when absent), or null
   */
  public record RankingOptions(String method, java.util.List<String> metrics, java.util.Map<String, Double> weights) {}

  /** Whether the phase shows public scores through the Ladder. */
  public boolean usesLadder() {
    return Boolean.TRUE.equals(ladder);
  }

  /** Submissions per team: per UTC day and in total; null means no limit. */
  public record Quota(Integer perDay, Integer total) {
    public static final Quota UNLIMITED = new Quota(null, null);
  }

  /**
   * What a team sees of its runs.
   *
   * @param runTimeSeconds granularity of the run time shown to teams, in seconds (0: not shown); null: whole
   *                       {@value #DEFAULT_RUN_TIME_SECONDS} s in a phase that withholds logs, exact in one that
   *                       shows them
   */
  public record Feedback(Integer runTimeSeconds) {
    /** Granularity of the run time shown to teams of a phase that withholds logs, unless it says otherwise. */
    public static final int DEFAULT_RUN_TIME_SECONDS = 10;
  }

  /** A phase's own hidden inputs and labels. */
  public record HiddenFiles(String inputs, String labels) {}

  /** The caps on what a submitted image expands to, checked on upload and again by the evaluator. */
  public ImageLimits imageLimits() {
    return ImageLimits.ofMiB(maxImageUncompressedMiB, maxLayerMiB, maxImageEntries);
  }

  public boolean isOpenAt(Instant t) {
    return !t.isBefore(opens) && t.isBefore(closes);
  }

  public boolean keepsLatest() {
    return "latest".equals(leaderboard);
  }

  public boolean showsLogsToTeams() {
    return "tail".equals(logs);
  }

  public boolean privateRevealedAt(Instant t) {
    return revealPrivateAt != null && !t.isBefore(revealPrivateAt);
  }
}
