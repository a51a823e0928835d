package org.palmares.platform.organizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.audit.AuditLog;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.ChallengeService;
import org.palmares.platform.challenge.ChallengeVersion;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionService;

/**
 * The organizer's use cases on a challenge's submissions. Each checks that the person organizes
 * the challenge (admins organize every one), does the work, and records it in the audit log with
 * who did it. Blocking (database).
 */
public final class OrganizerService {
  /** The longest disqualification reason kept: a sentence or a paragraph, not a file. */
  public static final int MAX_REASON = 1000;

  private final ChallengeCatalog challenges;
  private final ChallengeService challengeService;
  private final SubmissionService submissions;
  private final AccountRepository accounts;
  private final BlobStore blobs;
  private final AuditLog audit;

  public OrganizerService(ChallengeCatalog challenges, ChallengeService challengeService, SubmissionService submissions,
      AccountRepository accounts, BlobStore blobs, AuditLog audit) {
    this.challenges = challenges;
    this.challengeService = challengeService;
    this.submissions = submissions;
    this.accounts = accounts;
    this.blobs = blobs;
    this.audit = audit;
  }

  /**
   * Whether {@code who} may send a bundle for {@code slug} (null: a new challenge, admins only);
   * asked before the archive is received, so a stranger's upload is refused at once.
   */
  public void mayInstall(Account who, String slug) {
    if (slug == null && !who.admin()) {
      throw new OrganizerException(OrganizerException.Reason.NOT_ORGANIZER, "only platform admins create challenges");
    }
    if (slug != null) {
      organizes(who, slug);
    }
  }

  /**
   * Creates ({@code slug} null) or updates a challenge from the bundle archive {@code upload} (a file
   * of the blob store's incoming folder, whose SHA-256 is {@code sha256}): checked, installed,
   * audited, and the archive kept as a blob. Its creator organizes a new challenge.
   *
   * @throws org.palmares.platform.challenge.InvalidChallengeException every problem, with file and line
   */
  public ChallengeVersion install(Account who, String slug, Path upload, String sha256)
      throws IOException, org.palmares.platform.challenge.BundleArchive.InvalidBundleArchiveException,
      org.palmares.platform.challenge.InvalidChallengeException,
      org.palmares.platform.challenge.ChallengeChangeRefusedException {
    mayInstall(who, slug);
    ChallengeVersion version = challengeService.install(slug, upload, sha256, who);
    audit.record(version.slug(), who.label(), slug == null ? "create challenge" : "update challenge",
        "version " + version.version(), "archive sha256 " + sha256);
    if (slug == null) {
      accounts.grantOrganizer(who.id(), version.slug());
    }
    blobs.adopt(upload, sha256); // every version's archive is kept
    return version;
  }

  /** How many submissions an organizer's list shows at a time (a phase may hold tens of thousands). */
  public static final int PAGE = 100;

  /**
   * A page of the submissions to {@code phase} of {@code c}, newest first, older than the
   * submission {@code before} (null: from the newest).
   */
  public SubmissionRepository.PhasePage submissions(Account who, Challenge c, Phase phase, String before) {
    organizes(who, c.slug());
    return submissions.ofPhase(c.slug(), phase.name(), before, PAGE);
  }

  /** The challenge's audit log. */
  public List<AuditLog.Entry> audit(Account who, Challenge c) {
    organizes(who, c.slug());
    return audit.of(c.slug());
  }

  /** One submission of a challenge {@code who} organizes. */
  public Submission submission(Account who, String id) {
    Submission s = submissions.find(id).orElseThrow(() -> new OrganizerException(
        OrganizerException.Reason.NO_SUBMISSION, "no submission " + id));
    organizes(who, s.challenge());
    return s;
  }

  /** Takes the submission off every leaderboard, keeping {@code reason}; returns it as it is now. */
  public Submission disqualify(Account who, String id, String reason) {
    Submission s = submission(who, id);
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw new OrganizerException(OrganizerException.Reason.REASON_REQUIRED,
          "say why the submission is disqualified (at most " + MAX_REASON + " characters)");
    }
    submissions.disqualify(id, why);
    audit.record(s.challenge(), who.label(), "disqualify", id, why);
    return submissions.find(id).orElseThrow();
  }

  /** Runs a finished submission again under its phase's current settings (explicit rescoring). */
  public Submission rerun(Account who, String id) {
    Submission s = submission(who, id);
    Challenge c = challenges.find(s.challenge()).orElseThrow();
    Phase phase = c.phase(s.phase()).orElseThrow(() -> new OrganizerException(OrganizerException.Reason.PHASE_GONE,
        "phase " + s.phase() + " no longer exists in the challenge"));
    if (!submissions.rerun(id, c.evaluationSpec(phase))) {
      throw new OrganizerException(OrganizerException.Reason.NOT_FINISHED, "submission " + id + " is " + s.status()
          + "; only a scored or failed submission can be run again");
    }
    audit.record(s.challenge(), who.label(), "rerun", id, "under phase " + phase.name() + "'s current settings");
    return submissions.find(id).orElseThrow();
  }

  private static void organizes(Account who, String slug) {
    if (!who.manages(slug)) {
      throw new OrganizerException(OrganizerException.Reason.NOT_ORGANIZER, "you do not organize challenge " + slug);
    }
  }
}
