package org.palmares.platform.challenge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.platform.account.Account;
import org.palmares.platform.storage.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and updates challenges from bundle archives uploaded by organizers, keeping every
 * version. A change never silently alters how already-scored submissions were scored: a phase
 * with scored submissions may change its texts, dates, quotas and limits, but not what decides
 * its scores (task, hidden data, predictions contract, metrics, bootstrap, split, scoring image);
 * such a change is refused with the reason, and the organizer opens a new phase instead.
 */
public final class ChallengeService {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeService.class);

  /** How many scored submissions a phase has (the submissions' side, kept out of this package). */
  @FunctionalInterface
  public interface ScoredSubmissions {
    long count(String challenge, String phase);
  }

  private final ChallengeCatalog catalog;
  private final ChallengeVersionRepository versions;
  private final ScoredSubmissions scored;
  private final Path staging;
  private final Clock clock;
  private final BundleLimits limits;
  /** Held only to compare-and-install, never while an upload is unpacked or read. */
  private final Object installLock = new Object();

  public ChallengeService(ChallengeCatalog catalog, ChallengeVersionRepository versions, ScoredSubmissions scored,
      Path staging, Clock clock) throws IOException {
    this(catalog, versions, scored, staging, clock, BundleLimits.DEFAULTS);
  }

  public ChallengeService(ChallengeCatalog catalog, ChallengeVersionRepository versions, ScoredSubmissions scored,
      Path staging, Clock clock, BundleLimits limits) throws IOException {
    this.limits = limits;
    this.catalog = catalog;
    this.versions = versions;
    this.scored = scored;
    this.staging = OwnerOnly.createDirectories(staging);
    this.clock = clock;
    // what an install interrupted by a crash left behind
    try (Stream<Path> leftovers = Files.list(this.staging)) {
      for (Path p : leftovers.toList()) {
        deleteTree(p);
      }
    }
  }

  /** Records a first version for every bundle found on disk that has none yet. */
  public void recordDiskVersions() throws IOException {
    for (Challenge c : catalog.all()) {
      if (versions.latest(c.slug()).isEmpty()) {
        String digest;
        try (InputStream in = Files.newInputStream(catalog.root().resolve(c.slug()).resolve("challenge.yaml"))) {
          digest = DigestUtils.sha256Hex(in);
        }
        versions.record(c.slug(), digest, "bundle folder", clock.instant());
      }
    }
  }

  /**
   * Installs the bundle in {@code archive} (a tar, optionally gzipped, of the bundle folder).
   *
   * <p>Unpacking and checking, the slow part that an upload controls, run in this call's own
   * staging folder without any lock, within {@link BundleLimits}; only the final compare-and-install
   * (is the challenge still the version that was checked against? then swap folders and record the
   * version) holds the lock, so a huge or slow bundle never delays another organizer's install.
   *
   * @param slug the challenge to update, or null to create one
   */
  public ChallengeVersion install(String slug, Path archive, String archiveSha256, Account by)
      throws IOException, BundleArchive.InvalidBundleArchiveException, InvalidChallengeException,
      ChallengeChangeRefusedException {
    Path work = OwnerOnly.createDirectory(staging.resolve(UUID.randomUUID().toString()));
    try {
      Path unpacked = BundleArchive.unpack(archive, OwnerOnly.createDirectory(work.resolve("unpacked")), limits);
      String declared = BundleReader.declaredSlug(unpacked);
      Path bundle = work.resolve(declared);
      Files.move(unpacked, bundle);
      Challenge next = BundleReader.read(bundle, true);
      ownerOnly(bundle);
      Challenge checked = catalog.find(next.slug()).orElse(null);
      refuseChange(slug, checked, next, bundle, by);
      synchronized (installLock) {
        if (catalog.find(next.slug()).orElse(null) != checked) {
          throw new ChallengeChangeRefusedException(ChallengeChangeRefusedException.Reason.CHANGED_MEANWHILE,
              "challenge " + next.slug() + " was changed by another upload while this bundle was being checked; "
              + "send it again to check it against the new version");
        }
        replace(catalog.root().resolve(next.slug()), bundle, work);
        ChallengeVersion version = versions.record(next.slug(), archiveSha256, by.label(), clock.instant());
        catalog.install(next);
        LOG.info("Challenge {} version {} installed by {}", next.slug(), version.version(), by.name());
        return version;
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Whether {@code by} may make {@code next} the new version of {@code current} (null: none yet). */
  private void refuseChange(String slug, Challenge current, Challenge next, Path bundle, Account by)
      throws IOException, ChallengeChangeRefusedException {
    if (slug == null) {
      if (!by.admin()) {
        throw new ChallengeChangeRefusedException(ChallengeChangeRefusedException.Reason.NOT_ALLOWED,
            "only platform admins create challenges");
      }
      if (current != null) {
        throw new ChallengeChangeRefusedException(ChallengeChangeRefusedException.Reason.EXISTS,
            "challenge " + next.slug() + " exists; update it with PUT /api/challenges/" + next.slug());
      }
    } else {
      if (current == null) {
        throw new ChallengeChangeRefusedException(ChallengeChangeRefusedException.Reason.UNKNOWN,
            "there is no challenge " + slug);
      }
      if (!slug.equals(next.slug())) {
        throw new ChallengeChangeRefusedException(ChallengeChangeRefusedException.Reason.NOT_ALLOWED,
            "the bundle is challenge " + next.slug() + ", not " + slug + "; a challenge's slug cannot change");
      }
      refuseScoringChanges(current, catalog.root().resolve(slug), next, bundle);
    }
  }

  public List<ChallengeVersion> versions(String slug) {
    return versions.of(slug);
  }

  private void refuseScoringChanges(Challenge current, Path currentDir, Challenge next, Path nextDir)
      throws IOException, ChallengeChangeRefusedException {
    List<String> problems = new ArrayList<>();
    for (Phase phase : current.phases()) {
      long count = scored.count(current.slug(), phase.name());
      if (count == 0) {
        continue;
      }
      Phase changed = next.phase(phase.name()).orElse(null);
      if (changed == null) {
        problems.add("phase " + phase.name() + " has " + count + " scored submission(s) and cannot be removed");
        continue;
      }
      List<String> what = differences(current.evaluationSpec(phase), currentDir, next.evaluationSpec(changed), nextDir);
      if (!what.isEmpty()) {
        problems.add("phase " + phase.name() + " has " + count + " scored submission(s); changing its "
            + String.join(", ", what) + " would rank scores computed two ways (open a new phase instead)");
      }
    }
    if (!problems.isEmpty()) {
      throw new ChallengeChangeRefusedException(ChallengeChangeRefusedException.Reason.SCORED_PHASE_CHANGED,
          String.join("; ", problems));
    }
  }

  /** What decides scores and differs; limits do not decide scores. */
  private static List<String> differences(EvaluationSpec a, Path aDir, EvaluationSpec b, Path bDir) throws IOException {
    List<String> what = new ArrayList<>();
    compare(what, "task", a.task(), b.task());
    compare(what, "hidden data columns", a.hidden(), b.hidden());
    compare(what, "predictions contract", a.predictions(), b.predictions());
    compare(what, "metrics", a.metrics(), b.metrics());
    // The part-size minimums refuse bundles, they do not change a score: only resamples and seed count.
    compare(what, "bootstrap", new EvaluationSpec.Bootstrap(a.bootstrap().resamples(), a.bootstrap().seed()),
        new EvaluationSpec.Bootstrap(b.bootstrap().resamples(), b.bootstrap().seed()));
    compare(what, "split", a.split(), b.split());
    compare(what, "scoring image", a.scoringImage(), b.scoringImage());
    compare(what, "hidden inputs' content", digest(aDir, a.hidden().inputs()), digest(bDir, b.hidden().inputs()));
    compare(what, "hidden labels' content", digest(aDir, a.hidden().labels()), digest(bDir, b.hidden().labels()));
    if (a.split().publicIds() != null && b.split().publicIds() != null) {
      compare(what, "public id list's content", digest(aDir, a.split().publicIds()), digest(bDir, b.split().publicIds()));
    }
    return what;
  }

  private static void compare(List<String> what, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      what.add(name);
    }
  }

  private static String digest(Path dir, String relative) throws IOException {
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return DigestUtils.sha256Hex(in);
    }
  }

  /**
   * Makes an unpacked bundle owner-only before it is installed: folders {@code rwx------}, files
   * {@code rw-------}, hidden files included: the evaluator reads them itself and copies the
   * inputs into the sandbox's engine volume, so the sandbox's user never needs the host files.
   */
  private static void ownerOnly(Path bundle) throws IOException {
    try (Stream<Path> paths = Files.walk(bundle)) {
      for (Path p : paths.toList()) {
        OwnerOnly.restrict(p);
      }
    }
  }

  /** Puts {@code fresh} where {@code target} is, keeping the old folder until the new one is in place. */
  private static void replace(Path target, Path fresh, Path work) throws IOException {
    OwnerOnly.createDirectories(target.getParent());
    Path previous = work.resolve("previous");
    if (Files.exists(target)) {
      move(target, previous);
    }
    try {
      move(fresh, target);
    } catch (IOException e) {
      if (Files.exists(previous)) {
        move(previous, target); // put the old version back
      }
      throw e;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // another file system: copy the tree, then remove the source
      try (Stream<Path> paths = Files.walk(from)) {
        for (Path p : paths.toList()) {
          Path dest = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            OwnerOnly.createDirectories(dest);
          } else {
            // the copy keeps the file's mode (owner-only: see ownerOnly)
            Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      deleteTree(from);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
