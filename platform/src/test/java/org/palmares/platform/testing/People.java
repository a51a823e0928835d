package org.palmares.platform.testing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.palmares.platform.Platform;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.http.Services;
import org.palmares.platform.team.Team;

/**
 * People for tests, made through the platform's own services (as registration and the team pages
 * make them): an account, the rules accepted, a team, a personal access token.
 */
public final class People {
  public static final String PASSWORD = "correct horse battery staple";

  private People() {}

  /** A new account named {@code name} with a unique e-mail address and {@link #PASSWORD}. */
  public static Account account(Platform p, String name) {
    String email = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
        + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    return p.services().accounts().register(email, name, PASSWORD, Instant.now());
  }

  /** A personal access token of {@code who}, valid for the default lifetime. */
  public static String token(Platform p, Account who) {
    return p.services().tokens().issue(who.id(), "tests", AccessTokens.DEFAULT_DAYS, Instant.now()).secret();
  }

  /**
   * The token of a new competitor of {@code slug} who accepted the rules and is in team
   * {@code teamName} (founded by them, or joined with an invitation if it exists).
   */
  public static String competitor(Platform p, String slug, String teamName) {
    Account who = account(p, "member of " + teamName);
    joinTeam(p, who, slug, teamName);
    return token(p, who);
  }

  /** Puts {@code who} in team {@code teamName} of {@code slug}, accepting the rules first. */
  public static Team joinTeam(Platform p, Account who, String slug, String teamName) {
    Services s = p.services();
    Challenge c = s.challenges().find(slug).orElseThrow();
    s.teamService().acceptRules(who, c, c.rules() == null ? 0 : c.rules().version());
    Team existing = s.teams().findByName(slug, teamName).orElse(null);
    if (existing == null) {
      return s.teamService().create(who, c, teamName);
    }
    String code = s.teams().invite(existing, "tests", java.time.Duration.ofHours(1), Instant.now());
    return s.teamService().join(who, c, code);
  }

  /** The token of a new organizer of {@code slugs}. */
  public static String organizer(Platform p, String name, List<String> slugs) {
    Account who = account(p, name);
    slugs.forEach(slug -> p.services().accounts().grantOrganizer(who.id(), slug));
    return token(p, who);
  }

  /** The token of a new platform admin. */
  public static String admin(Platform p, String name) {
    Account who = account(p, name);
    p.services().accounts().setAdmin(who.id(), true);
    return token(p, who);
  }
}
