package org.palmares.platform.team;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;

/**
 * What a person should do next to take part, challenge by challenge: the guided path a new
 * competitor follows after registering (choose a challenge, accept its rules, form a team, make
 * a token, submit). Blocking (database).
 */
public final class NextStep {
  /** The steps, in the order a competitor takes them. */
  public enum Step {
    /** Read and accept the challenge's current rules. */
    ACCEPT_RULES,
    /** Create a team or join one with a team mate's invitation code. */
    FORM_TEAM,
    /** Create a personal access token (for a terminal or a script). */
    CREATE_TOKEN,
    /** Everything is in place: submit an image. */
    SUBMIT
  }

  /**
   * Where a person stands in one challenge.
   *
   * @param challenge the challenge (one with a phase open now)
   * @param step      what to do next there
   * @param team      their team's name, or null before they have one
   */
  public record Progress(Challenge challenge, Step step, String team) {}

  private final ChallengeCatalog challenges;
  private final TeamService teams;
  private final AccessTokens tokens;
  private final Clock clock;

  public NextStep(ChallengeCatalog challenges, TeamService teams, AccessTokens tokens, Clock clock) {
    this.challenges = challenges;
    this.teams = teams;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * The person's progress in every challenge open now that they may compete in (not those they
   * organize), those they started first; empty when no challenge is open.
   */
  public List<Progress> of(Account who) {
    var now = clock.instant();
    boolean hasToken = tokens.of(who.id()).stream().anyMatch(t -> t.usableAt(now));
    List<Progress> started = new ArrayList<>();
    List<Progress> fresh = new ArrayList<>();
    for (Challenge c : challenges.all()) {
      if (who.manages(c.slug()) || c.phases().stream().noneMatch(p -> p.isOpenAt(now))) {
        continue;
      }
      Team team = teams.teamOf(who, c).orElse(null);
      // rules changed since they accepted: accept again, even in a team (submissions need the current ones)
      Step step = teams.acceptance(who, c).isEmpty() ? Step.ACCEPT_RULES
          : team == null ? Step.FORM_TEAM : hasToken ? Step.SUBMIT : Step.CREATE_TOKEN;
      (step == Step.ACCEPT_RULES && team == null ? fresh : started)
          .add(new Progress(c, step, team == null ? null : team.name()));
    }
    started.addAll(fresh);
    return List.copyOf(started);
  }
}
