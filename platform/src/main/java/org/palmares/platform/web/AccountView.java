package org.palmares.platform.web;

import java.util.List;

/**
 * The account page of the person logged in: who they are, what to do next in each open
 * challenge, their teams, their personal access tokens (never the secrets, except a new one,
 * shown once) and the password form.
 *
 * @param name        display name
 * @param email       login address
 * @param admin       whether they are a platform admin
 * @param organizes   slugs of the challenges they organize
 * @param next        their next step in each open challenge they may compete in
 * @param teams       their teams
 * @param tokens      their tokens
 * @param csrf        the session's CSRF token for the page's forms
 * @param flash       the one-time message of the last form sent, or null
 * @param newToken    a token created by the last form, in clear this once, or null
 * @param maxDays     the longest token lifetime
 * @param defaultDays the lifetime offered
 */
public record AccountView(String name, String email, boolean admin, List<String> organizes, List<Next> next,
    List<TeamLine> teams, List<TokenLine> tokens, String csrf, String flash, String newToken, int maxDays,
    int defaultDays) {

  /** The next step in one challenge, as a sentence, with the link that takes it. */
  public record Next(String slug, String title, String sentence, String anchor) {}

  /** One team of theirs. */
  public record TeamLine(String slug, String challengeTitle, String team) {}

  /** One personal access token (no secret). */
  public record TokenLine(String id, String name, String created, String expires, String lastUsed, boolean usable,
      boolean revoked) {}

  /** Whether the flash message reports a refusal (those start with a warning sign). */
  public boolean flashIsRefusal() {
    return flash != null && flash.startsWith("⚠");
  }
}
