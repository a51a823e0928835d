package org.palmares.platform.account;

import java.time.Instant;
import java.util.List;

/**
 * A person with an account. Roles are held here: {@code admin} (the platform's), and the
 * challenges they organize; everyone else is a competitor where they join a team.
 *
 * @param id        identifier, never shown to other people
 * @param email     lower-cased login name
 * @param name      display name (shown to team mates, recorded in the audit log)
 * @param admin     may create challenges, manage every one and appoint organizers
 * @param organizes slugs of the challenges they organize
 * @param createdAt when the account was registered
 */
public record Account(String id, String email, String name, boolean admin, List<String> organizes, Instant createdAt) {

  public Account {
    organizes = List.copyOf(organizes);
  }

  /** Whether they may manage {@code slug}: its submissions, versions, audit log. */
  public boolean manages(String slug) {
    return admin || organizes.contains(slug);
  }

  /** How they appear in the audit log: name and e-mail, so an entry says who without a lookup. */
  public String label() {
    return name + " <" + email + ">";
  }
}
