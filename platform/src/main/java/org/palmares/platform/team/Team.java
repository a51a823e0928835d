package org.palmares.platform.team;

import java.time.Instant;
import java.util.List;

/**
 * A team competing in one challenge; submissions and quotas belong to it.
 *
 * @param members account ids (empty for the platform's own baseline teams)
 */
public record Team(String id, String challenge, String name, List<String> members, Instant createdAt) {

  public Team {
    members = List.copyOf(members);
  }

  public boolean hasMember(String accountId) {
    return members.contains(accountId);
  }
}
