package org.palmares.platform.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.LeaderboardService.Part;
import org.palmares.platform.leaderboard.SubmissionFact.Score;
import org.palmares.platform.leaderboard.SubmissionFact.SiteFact;
import org.palmares.platform.leaderboard.SubmissionFact.SitePart;
import org.palmares.platform.testing.Fixtures;

/**
 * What a site result costs the pooled board, CPU only (no database, no HTTP): T teams × F scored
 * submissions each × S sites (default 1,000 × 5 × 2), the demo's five metrics (ROC AUC pooled by
 * REML on the logit scale, log loss on its own scale, accuracy, sensitivity and specificity from
 * counts). Prints, after warm-ups, the best of five runs of (a) pooling every team's facts and
 * ranking (what the board would cost if it pooled everything at each change) and (b) pooling the
 * one changed team and ranking the others' kept projections (what {@code BoardStore} does).
 * Run by {@code scripts/pooled-board-benchmark.sh [teams] [facts] [sites]}; a command, not a test.
 */
public final class PooledBoardBenchmark {
  private PooledBoardBenchmark() {}

  public static void main(String[] args) throws Exception {
    int teams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int facts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int sites = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Challenge challenge = Fixtures.demoChallenge();
    Phase phase = challenge.phase("final").orElseThrow();
    SplittableRandom rng = new SplittableRandom(20261202L);
    List<TeamStanding> standings = new ArrayList<>();
    Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
    for (int t = 0; t < teams; t++) {
      Map<String, SubmissionFact> byId = new LinkedHashMap<>();
      for (int f = 0; f < facts; f++) {
        Map<String, SiteFact> at = new LinkedHashMap<>();
        for (int s = 0; s < sites; s++) {
          SitePart part = part(rng, 200 + 50 * s, 80 + 10 * s);
          at.put("site" + s, new SiteFact("SCORED", part, part));
        }
        String id = "t" + t + "f" + f;
        byId.put(id, new SubmissionFact(id, "team-" + t, t0.plusSeconds(t * 100L + f), true, false, null, null,
            false, null, null, at, null));
      }
      standings.add(new TeamStanding("team-" + t, byId));
    }
    List<TeamStanding> kept = SiteBoards.pooled(challenge, phase, standings);
    System.out.printf(Locale.ROOT, "pooled board: %d teams x %d scored submissions x %d sites, 5 metrics x 2 parts%n",
        teams, facts, sites);
    double bestAll = Double.POSITIVE_INFINITY;
    double bestOne = Double.POSITIVE_INFINITY;
    for (int run = 0; run < 8; run++) {
      long start = System.nanoTime();
      Leaderboard all = LeaderboardService.rank(challenge, phase, Part.PUBLIC, SiteBoards.pooled(challenge, phase,
          standings));
      double a = (System.nanoTime() - start) / 1e6;
      start = System.nanoTime();
      List<TeamStanding> next = new ArrayList<>(kept);
      int changed = run % teams;
      next.set(changed, SiteBoards.pooled(challenge, phase, List.of(standings.get(changed))).get(0));
      Leaderboard one = LeaderboardService.rank(challenge, phase, Part.PUBLIC, next);
      SiteBoards.provisional(phase, next);
      double b = (System.nanoTime() - start) / 1e6;
      if (all.entries().size() != teams || one.entries().size() != teams) {
        throw new IllegalStateException("every team should be ranked");
      }
      if (run >= 3) {
        bestAll = Math.min(bestAll, a);
        bestOne = Math.min(bestOne, b);
        System.out.printf(Locale.ROOT, "run %d: pool everything %.1f ms, pool the changed team %.1f ms%n", run - 2, a, b);
      }
    }
    System.out.printf(Locale.ROOT, "best: pool everything %.1f ms, pool the changed team %.1f ms%n", bestAll, bestOne);
  }

  private static SitePart part(SplittableRandom rng, int cases, int positives) {
    double auc = 0.6 + 0.35 * rng.nextDouble();
    double acc = Math.round((0.6 + 0.3 * rng.nextDouble()) * cases) / (double) cases;
    double sens = Math.round((0.5 + 0.4 * rng.nextDouble()) * positives) / (double) positives;
    int negatives = cases - positives;
    double spec = Math.round((0.5 + 0.4 * rng.nextDouble()) * negatives) / (double) negatives;
    double loss = 0.3 + 0.3 * rng.nextDouble();
    Map<String, Score> m = new LinkedHashMap<>();
    m.put("roc_auc", new Score(auc, auc - 0.05, Math.min(0.999, auc + 0.04)));
    m.put("accuracy", new Score(acc, acc - 0.05, acc + 0.05));
    m.put("sensitivity", new Score(sens, sens - 0.07, sens + 0.07));
    m.put("specificity", new Score(spec, spec - 0.06, spec + 0.06));
    m.put("log_loss", new Score(loss, loss - 0.04, loss + 0.05));
    return new SitePart(cases, positives, m);
  }
}
