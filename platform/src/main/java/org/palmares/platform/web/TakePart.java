package org.palmares.platform.web;

import java.util.List;

/**
 * The "take part" panel of a challenge page for whoever looks at it: what they can do next
 * (log in, accept the rules, create or join a team) or their team.
 *
 * @param step        where this person stands
 * @param csrf        the session's CSRF token for the panel's forms (null when not logged in)
 * @param flash       the one-time message of the last form sent, or null
 * @param rulesVersion the version of the rules to accept
 * @param team        the person's team, or null
 */
public record TakePart(Step step, String csrf, String flash, int rulesVersion, TeamView team) {

  /** Where a person stands with a challenge. */
  public enum Step { LOG_IN, ORGANIZER, ACCEPT_RULES, FORM_TEAM, IN_TEAM }

  /** A team as its members see it. */
  public record TeamView(String name, List<String> members, int maxMembers) {}

  /** Whether the flash message reports a refusal (those start with a warning sign). */
  public boolean flashIsRefusal() {
    return flash != null && flash.startsWith("⚠");
  }
}
