package org.palmares.platform.organizer;

import java.util.List;
import org.palmares.platform.account.Account;
import org.palmares.platform.audit.AuditLog;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.submission.Submission;
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
  private final SubmissionService submissions;
  private final AuditLog audit;

  public OrganizerService(ChallengeCatalog challenges, SubmissionService submissions, AuditLog audit) {
    this.challenges = challenges;
    this.submissions = submissions;
    this.audit = audit;
  }

  /** Every submission to {@code phase} of {@code c}, newest first as stored. */
  public List<Submission> submissions(Account who, Challenge c, Phase phase) {
    organizes(who, c.slug());
    return submissions.ofPhase(c.slug(), phase.name());
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
