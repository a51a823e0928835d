package org.palmares.platform.leaderboard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.time.Duration;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionStatus;

/**
 * Computes leaderboards from the submissions. Public boards show the public part's scores,
 * rounded to the phase's precision (a score at full precision is an oracle on the hidden labels).
 *
 * <p>Which submission represents a team is decided on the public part only, by the phase's rule:
 * its best public score, or its latest scored submission. The private board ranks those same
 * submissions by their private scores, so nobody can pick, after the fact, the submission that
 * happened to do best on the private part.
 */
public final class LeaderboardService {
  /** Which part of the hidden set a board shows. */
  public enum Part { PUBLIC, PRIVATE }

  /** Decimals shown when a phase does not say. */
  public static final int DEFAULT_PRECISION = 4;

  private final SubmissionRepository submissions;
  /**
   * Boards as last computed: live pages reload together when a board changes, and should cost one
   * computation, not one per spectator. Invalidated on every change; the expiry is a safety net.
   */
  private final Cache<Key, Leaderboard> cache = Caffeine.newBuilder()
      .maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(1))
      .build();

  /** A change bumps the challenge's generation: a board computed before it is never served after it. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> generations =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Key(String challenge, long generation, String phase, Part part, Challenge definition) {}

  public LeaderboardService(SubmissionRepository submissions) {
    this.submissions = submissions;
  }

  /** Forgets the boards of {@code challenge} (a submission was scored, disqualified or re-run). */
  public void invalidate(String challenge) {
    generation(challenge).incrementAndGet();
    cache.asMap().keySet().removeIf(k -> k.challenge().equals(challenge));
  }

  private java.util.concurrent.atomic.AtomicLong generation(String challenge) {
    return generations.computeIfAbsent(challenge, c -> new java.util.concurrent.atomic.AtomicLong());
  }

  public Leaderboard of(Challenge challenge, Phase phase, Part part) {
    // the definition is part of the key: a new bundle version (another precision, say) is another board
    Key key = new Key(challenge.slug(), generation(challenge.slug()).get(), phase.name(), part, challenge);
    return cache.get(key, k -> compute(challenge, phase, part));
  }

  private Leaderboard compute(Challenge challenge, Phase phase, Part part) {
    String metric = challenge.primaryMetric();
    boolean higherIsBetter = challenge.higherIsBetter(metric);
    Comparator<Double> better = higherIsBetter ? Comparator.reverseOrder() : Comparator.naturalOrder();

    Map<String, List<Submission>> byTeam = new LinkedHashMap<>();
    for (Submission s : submissions.ofPhaseForBoards(challenge.slug(), phase.name())) {
      byTeam.computeIfAbsent(s.teamId(), t -> new ArrayList<>()).add(s);
    }
    record Chosen(Submission submission, MetricValue value, int counted, Instant last) {}
    List<Chosen> chosen = new ArrayList<>();
    for (List<Submission> team : byTeam.values()) {
      Submission pick = null;
      MetricValue pickValue = null;
      int counted = 0;
      Instant last = null;
      for (Submission s : team) { // oldest first
        if (s.disqualified() != null) {
          continue; // out of every leaderboard
        }
        if (s.countsAgainstQuota()) {
          counted++;
        }
        last = s.createdAt();
        MetricValue v = s.status() == SubmissionStatus.SCORED ? value(s.scores().publicPart(), metric) : null;
        if (v == null) {
          continue;
        }
        // "latest" keeps the newest scored one; "best" the best, ties keeping the earlier
        if (pick == null || phase.keepsLatest() || better.compare(v.value(), pickValue.value()) < 0) {
          pick = s;
          pickValue = v;
        }
      }
      if (pick == null) {
        continue;
      }
      MetricValue shown = part == Part.PUBLIC ? pickValue : value(pick.scores().privatePart(), metric);
      if (shown != null) {
        chosen.add(new Chosen(pick, shown, counted, last));
      }
    }
    int precision = phase.precision();
    chosen.sort(Comparator.comparing((Chosen c) -> round(c.value().value(), precision), better)
        .thenComparing(c -> c.submission().createdAt()));
    List<Leaderboard.Entry> entries = new ArrayList<>();
    Leaderboard.Entry lastRanked = null;
    int ranked = 0;
    for (Chosen c : chosen) {
      double score = round(c.value().value(), precision);
      boolean baseline = isBaseline(c.submission());
      int rank = 0; // baselines are references: shown in place, ranked among no one
      if (!baseline) {
        ranked++;
        rank = lastRanked != null && lastRanked.score() == score ? lastRanked.rank() : ranked;
      }
      Leaderboard.Entry entry = new Leaderboard.Entry(rank, c.submission().teamName(), score,
          c.value().ci() == null ? null : round(c.value().ci().low(), precision),
          c.value().ci() == null ? null : round(c.value().ci().high(), precision),
          c.counted(), c.last(), c.submission().createdAt(), baseline,
          cells(challenge, part == Part.PUBLIC ? c.submission().scores().publicPart()
              : c.submission().scores().privatePart(), precision));
      entries.add(entry);
      if (!baseline) {
        lastRanked = entry;
      }
    }
    return new Leaderboard(challenge.slug(), phase.name(), part.name().toLowerCase(java.util.Locale.ROOT), metric,
        higherIsBetter, phase.leaderboard(), precision, List.copyOf(entries));
  }

  /**
   * Whether {@code s} is one of the platform's own baselines: submitted by the platform itself (no
   * member uploaded it) for a team it made, named {@code baseline-...} (see {@code Platform.seed}).
   * A competitor's team of that name is still a competitor: its submissions have a member.
   */
  public static boolean isBaseline(Submission s) {
    return s.submittedBy() == null && s.teamName() != null && s.teamName().startsWith(BASELINE_PREFIX);
  }

  /** The name prefix of the baseline teams the platform seeds. */
  public static final String BASELINE_PREFIX = "baseline-";

  /** Every metric of the challenge on {@code scores}, rounded to {@code precision}, in the challenge's order. */
  private static Map<String, Leaderboard.Cell> cells(Challenge challenge, SplitScores scores, int precision) {
    Map<String, Leaderboard.Cell> out = new LinkedHashMap<>();
    for (var m : challenge.metrics()) {
      MetricValue v = value(scores, m.name());
      if (v != null) {
        out.put(m.name(), new Leaderboard.Cell(round(v.value(), precision),
            v.ci() == null ? null : round(v.ci().low(), precision), v.ci() == null ? null : round(v.ci().high(), precision)));
      }
    }
    return out;
  }

  private static MetricValue value(SplitScores part, String metric) {
    MetricValue v = part == null ? null : part.metrics().get(metric);
    return v == null || v.value() == null ? null : v;
  }

  /** Rounds half-up to {@code decimals}. */
  public static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
