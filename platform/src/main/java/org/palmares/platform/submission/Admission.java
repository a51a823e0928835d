package org.palmares.platform.submission;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;

/**
 * Decides whether a team may submit now: which phase is open, and whether the team has quota
 * left in it (per UTC day and in total). Every submission the team is responsible for counts,
 * failed or not; only failures on the platform's side are given back.
 */
final class Admission {
  private Admission() {}

  /**
   * The phase a submission made at {@code now} goes to: {@code requested} when given (it must be
   * open), else the only open phase; or why none.
   */
  /** The phases' names, comma-separated, as a refusal lists the ones a team may name. */
  private static String names(List<Phase> phases) {
    return String.join(", ", phases.stream().map(Phase::name).toList());
  }

  static Phase phaseAt(Challenge challenge, String requested, Instant now) {
    if (requested != null) {
      Phase phase = challenge.phase(requested).orElseThrow(() -> new SubmissionRefusedException(
          SubmissionRefusedException.Reason.PHASE_NOT_GIVEN, "challenge " + challenge.slug() + " has no phase '"
          + requested + "'; its phases: " + names(challenge.phases()), null, "no_such_phase", challenge.slug(),
          requested, names(challenge.phases())));
      if (now.isBefore(phase.opens())) {
        throw new SubmissionRefusedException(SubmissionRefusedException.Reason.NOT_OPEN,
            "phase " + phase.name() + " opens at " + phase.opens(), phase.opens(), "phase_not_open_yet",
            phase.name(), phase.opens().toString());
      }
      if (!phase.isOpenAt(now)) {
        throw new SubmissionRefusedException(SubmissionRefusedException.Reason.NOT_OPEN,
            "phase " + phase.name() + " closed at " + phase.closes() + "; no more submissions are accepted in it",
            null, "phase_closed", phase.name(), phase.closes().toString());
      }
      return phase;
    }
    List<Phase> open = challenge.phases().stream().filter(p -> p.isOpenAt(now)).toList();
    if (open.size() > 1) {
      String names = names(open);
      throw new SubmissionRefusedException(SubmissionRefusedException.Reason.PHASE_NOT_GIVEN, "several phases are open ("
          + names + "): say which with ?phase=NAME", null, "phase_required", names);
    }
    return open.stream().findFirst().orElseThrow(() -> {
      Instant next = challenge.phases().stream().map(Phase::opens).filter(now::isBefore)
          .min(Comparator.naturalOrder()).orElse(null);
      return next == null
          ? new SubmissionRefusedException(SubmissionRefusedException.Reason.NOT_OPEN, "challenge " + challenge.slug()
              + " is closed: its last phase ended; no more submissions are accepted", null, "challenge_closed",
              challenge.slug())
          : new SubmissionRefusedException(SubmissionRefusedException.Reason.NOT_OPEN, "challenge " + challenge.slug()
              + " is not open yet: the next phase opens at " + next, next, "challenge_not_open_yet", challenge.slug(),
              next.toString());
    });
  }

  /**
   * Checks the team's quota in {@code phase}, given how many of its submissions count in total and
   * since the start of the current UTC day.
   */
  static void checkQuota(Phase phase, long countedTotal, long countedToday, Instant now) {
    Phase.Quota quota = phase.quota();
    if (quota.total() != null && countedTotal >= quota.total()) {
      throw new SubmissionRefusedException(SubmissionRefusedException.Reason.QUOTA, "your team has used all "
          + quota.total() + " submissions of phase " + phase.name() + "; no more are allowed in this phase", null,
          "quota_total", quota.total(), phase.name());
    }
    if (quota.perDay() != null && countedToday >= quota.perDay()) {
      Instant tomorrow = startOfDay(now).plus(1, ChronoUnit.DAYS);
      Instant next = tomorrow.isBefore(phase.closes()) ? tomorrow : null;
      throw next == null
          ? new SubmissionRefusedException(SubmissionRefusedException.Reason.QUOTA, "your team has used its "
              + quota.perDay() + " submissions of today (UTC) in phase " + phase.name()
              + "; the phase closes before the quota resets", null, "quota_day_last", quota.perDay(), phase.name())
          : new SubmissionRefusedException(SubmissionRefusedException.Reason.QUOTA, "your team has used its "
              + quota.perDay() + " submissions of today (UTC) in phase " + phase.name()
              + "; the next is allowed at " + next, next, "quota_day", quota.perDay(), phase.name(), next.toString());
    }
  }

  static Instant startOfDay(Instant t) {
    return t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
  }
}
