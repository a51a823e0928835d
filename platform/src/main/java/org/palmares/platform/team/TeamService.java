package org.palmares.platform.team;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.palmares.platform.account.Account;
import org.palmares.platform.challenge.Challenge;

/**
 * The rules of taking part: accept the challenge's rules, then create or join a team (one per
 * person per challenge, at most the challenge's team size), invite by one-time codes, leave while
 * the team has not submitted. Organizers of a challenge do not compete in it.
 */
public final class TeamService {
  /** How long an invitation code stays usable. */
  public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
  private static final int MAX_NAME = 40;

  private final TeamRepository teams;
  private final RulesAcceptances acceptances;
  private final Predicate<String> hasSubmitted;
  private final Clock clock;

  /** @param hasSubmitted whether the team with this id has any submission (it then keeps its members) */
  public TeamService(TeamRepository teams, RulesAcceptances acceptances, Predicate<String> hasSubmitted, Clock clock) {
    this.teams = teams;
    this.acceptances = acceptances;
    this.hasSubmitted = hasSubmitted;
    this.clock = clock;
  }

  /**
   * Records that {@code who} accepts version {@code version} of the challenge's rules.
   *
   * @throws TeamException WRONG_RULES_VERSION when that is not the current version (they read an old text)
   */
  public RulesAcceptances.Acceptance acceptRules(Account who, Challenge c, int version) {
    int current = rulesVersion(c);
    if (version != current) {
      throw new TeamException(TeamException.Reason.WRONG_RULES_VERSION, "the rules of " + c.slug() + " are at version "
          + current + "; read them again and accept version " + current, c.slug(), current);
    }
    return acceptances.record(c.slug(), who.id(), version, clock.instant());
  }

  /** Their acceptance of the current rules, if given. */
  public Optional<RulesAcceptances.Acceptance> acceptance(Account who, Challenge c) {
    return acceptances.of(c.slug(), who.id(), rulesVersion(c));
  }

  public Team create(Account who, Challenge c, String name) {
    mayCompete(who, c);
    String problem = org.palmares.platform.account.DisplayName.problem(name, MAX_NAME);
    if (problem != null) {
      String english = problem.replace("give a name", "give the team a name");
      int hidden = org.palmares.platform.account.DisplayName.hiddenCharacter(name);
      throw hidden >= 0
          ? TeamException.variant(TeamException.Reason.INVALID_NAME, "hidden", english,
              String.format(java.util.Locale.ROOT, "U+%04X", hidden))
          : new TeamException(TeamException.Reason.INVALID_NAME, english, MAX_NAME);
    }
    String clean = org.palmares.platform.account.DisplayName.clean(name, MAX_NAME).orElseThrow();
    return teams.create(c.slug(), clean, who.id(), clock.instant());
  }

  /** A one-time code that lets one more person join {@code who}'s team. */
  public String invite(Account who, Challenge c) {
    Team team = teamOf(who, c).orElseThrow(() -> notInTeam(c));
    return teams.invite(team, who.id(), INVITATION_LIFETIME, clock.instant());
  }

  /** Joins the team an invitation code opens, using the code up. */
  public Team join(Account who, Challenge c, String code) {
    mayCompete(who, c);
    if (teamOf(who, c).isPresent()) {
      throw new TeamException(TeamException.Reason.ALREADY_IN_TEAM, "you are already in a team of challenge "
          + c.slug() + " (one team per person); leave it first", c.slug());
    }
    TeamRepository.Invitation invitation = teams.redeem(c.slug(), code, clock.instant())
        .orElseThrow(() -> new TeamException(TeamException.Reason.UNKNOWN_CODE,
            "this invitation code is unknown, already used or expired; ask the team for a new one"));
    Team team = teams.find(invitation.teamId()).orElseThrow();
    try {
      return teams.join(team, who.id(), c.maxTeamSize());
    } catch (TeamException e) {
      teams.restore(invitation); // a full team's code still works for whoever it was meant for, once there is room
      throw e;
    }
  }

  /**
   * Leaves one's team. Once a team has submitted its members are fixed: otherwise leaving and
   * founding a new team would buy a fresh quota.
   */
  public void leave(Account who, Challenge c) {
    Team team = teamOf(who, c).orElseThrow(() -> notInTeam(c));
    if (hasSubmitted.test(team.id())) {
      throw new TeamException(TeamException.Reason.TEAM_HAS_SUBMITTED, "team '" + team.name()
          + "' has submitted, so its members are fixed (a new team would get a fresh quota); ask the organizers",
          team.name());
    }
    teams.leave(team, who.id());
  }

  public Optional<Team> teamOf(Account who, Challenge c) {
    return teams.teamOf(c.slug(), who.id());
  }

  /**
   * The team {@code who} submits for: they must be in one, have accepted the current rules, and not
   * organize the challenge (someone appointed organizer after joining a team stops competing).
   *
   * @throws TeamException NOT_IN_TEAM, ORGANIZER or RULES_NOT_ACCEPTED
   */
  public Team submittingTeam(Account who, Challenge c) {
    Team team = teamOf(who, c).orElseThrow(() -> notInTeam(c));
    mayCompete(who, c);
    return team;
  }

  private void mayCompete(Account who, Challenge c) {
    if (who.manages(c.slug())) {
      throw new TeamException(TeamException.Reason.ORGANIZER,
          "you organize challenge " + c.slug() + " (or administer the platform), so you cannot compete in it", c.slug());
    }
    requireRules(who, c);
  }

  private void requireRules(Account who, Challenge c) {
    if (acceptance(who, c).isEmpty()) {
      throw new TeamException(TeamException.Reason.RULES_NOT_ACCEPTED, "accept the rules of " + c.slug()
          + " (version " + rulesVersion(c) + ") first: POST /api/challenges/" + c.slug()
          + "/rules/acceptance with {\"version\": " + rulesVersion(c) + "}, or on the challenge's page",
          c.slug(), rulesVersion(c));
    }
  }

  /** A challenge without rules has version 0 of them: accepting is still one explicit step. */
  private static int rulesVersion(Challenge c) {
    return c.rules() == null ? 0 : c.rules().version();
  }

  private static TeamException notInTeam(Challenge c) {
    return new TeamException(TeamException.Reason.NOT_IN_TEAM,
        "you are not in a team of challenge " + c.slug() + "; create one or join one with an invitation code", c.slug());
  }
}
