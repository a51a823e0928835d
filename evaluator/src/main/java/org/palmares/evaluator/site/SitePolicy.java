package org.palmares.evaluator.site;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;

/**
 * What a site's data holder allows its evaluator to do, as read from its policy file
 * ({@link PolicyFile}). Each rule is decided here, once: {@link #refusal} for what the site will
 * not run, {@link #minCellCount} and {@link #countMetrics} for what {@link Disclosure} withholds,
 * {@link #release} for when a result leaves.
 *
 * @param site          the site's name (as the challenge declares it); named in every refusal
 * @param challenges    the challenge slugs this site serves; a job of any other is refused
 * @param ceilings      the most one job may ask
 * @param scoringImages the scoring-image digests ({@code sha256:...}) the site accepts; a phase with a
 *                      scoring image not listed is refused (the image would read the site's labels).
 *                      Empty: only the built-in scorer runs here
 * @param minCellCount  the smallest count the site releases: a count from 1 to one less is withheld
 * @param countMetrics  metrics (of a scoring image) whose value is a count, withheld like one
 * @param release       automatic or manual
 * @param outbox        where results wait under manual release, or null for the evaluator's default
 */
public record SitePolicy(String site, Set<String> challenges, Ceilings ceilings, Set<String> scoringImages,
    int minCellCount, Set<String> countMetrics, Release release, Path outbox) {

  /** DataSHIELD's default is 3, OHDSI's 5: the stricter is the default. */
  public static final int DEFAULT_MIN_CELL_COUNT = 5;

  public SitePolicy {
    challenges = Set.copyOf(challenges);
    ceilings = ceilings == null ? Ceilings.NONE : ceilings;
    scoringImages = Set.copyOf(scoringImages);
    countMetrics = Set.copyOf(countMetrics);
    if (minCellCount < 1) {
      throw new IllegalArgumentException("the minimum cell count must be at least 1, got " + minCellCount);
    }
  }

  /**
   * Why this site refuses {@code job}, or null when it may run it. Decided before the image is
   * fetched: a refused job costs the site nothing.
   *
   * @param digests the digests of an image on this site's engine (for the phase's scoring image)
   */
  public String refusal(Job job, ImageDigests digests) {
    if (job.site() != null && !job.site().equals(site)) {
      return "this evaluator is site " + site + "; the job is for site " + job.site();
    }
    EvaluationSpec spec = job.spec();
    if (!challenges.contains(spec.challenge())) {
      return "site " + site + " does not serve challenge " + spec.challenge() + " (it serves "
          + (challenges.isEmpty() ? "none" : String.join(", ", challenges.stream().sorted().toList())) + ")";
    }
    String ceiling = ceilings.refusal(site, spec);
    if (ceiling != null) {
      return ceiling;
    }
    if (spec.scoringImage() != null) {
      Set<String> known = new HashSet<>(ImageDigests.written(spec.scoringImage()));
      known.addAll(digests.of(spec.scoringImage()));
      if (known.stream().noneMatch(scoringImages::contains)) {
        return "site " + site + " does not accept the scoring image " + spec.scoringImage()
            + (known.isEmpty() ? " (its engine does not have it)" : " (digest " + List.copyOf(known).stream()
                .sorted().findFirst().orElseThrow() + " is not in its policy)");
      }
    }
    return null;
  }

  /** Whether {@code count} is small enough to be withheld: from 1 to one less than the minimum (0 is released). */
  boolean isSmall(long count) {
    return count > 0 && count < minCellCount;
  }
}
