package org.palmares.platform.team;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static org.palmares.platform.storage.Claims.claim;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;

/**
 * Teams in MongoDB ({@code teams}), with the claims that keep them fair. Every uniqueness is an
 * {@code _id} (the one every MongoDB-wire server enforces, the embedded one included): a team name
 * per challenge in {@code team_names}, a person's one team per challenge in {@code memberships}, a
 * one-time invitation in {@code invitations} (keyed by the code's SHA-256, deleted when used). The
 * team size is checked and raised in one conditional update, so racing joins cannot overfill it.
 */
public final class TeamRepository {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MongoCollection<Document> teams;
  private final MongoCollection<Document> names;
  private final MongoCollection<Document> memberships;
  private final MongoCollection<Document> invitations;

  public TeamRepository(MongoDatabase db) {
    this.teams = db.getCollection("teams");
    this.names = db.getCollection("team_names");
    this.memberships = db.getCollection("memberships");
    this.invitations = db.getCollection("invitations");
    adoptTeamsWithoutMembers();
  }

  /**
   * Teams made before accounts existed (token teams, seeded baselines) have no member list and no
   * name claim: give them both once, so they keep their name and their submissions.
   */
  private void adoptTeamsWithoutMembers() {
    // their unique indexes (on the token hash, on challenge + name) would refuse every new team: names are claimed now
    for (Document index : teams.listIndexes()) {
      Document key = index.get("key", Document.class);
      if (index.getBoolean("unique", false) && !key.containsKey("_id")) {
        teams.dropIndex(index.getString("name"));
      }
    }
    for (Document d : teams.find(com.mongodb.client.model.Filters.exists("size", false))) {
      claim(names, nameKey(d.getString("challenge"), d.getString("name")), new Document("team", d.getString("_id")));
      teams.updateOne(eq("_id", d.getString("_id")), Updates.combine(Updates.set("members", List.of()),
          Updates.set("size", 0), Updates.unset("tokenHash")));
    }
  }

  /**
   * Creates a team, with {@code founder} as its first member (null: a team of the platform's own,
   * for seeded baselines).
   *
   * @throws TeamException NAME_TAKEN, or ALREADY_IN_TEAM when the founder is in a team of this challenge
   */
  public Team create(String challenge, String name, String founder, Instant now) {
    String id = "team_" + UUID.randomUUID().toString().replace("-", "");
    if (!claim(names, nameKey(challenge, name), new Document("team", id))) {
      throw new TeamException(TeamException.Reason.NAME_TAKEN,
          "challenge " + challenge + " already has a team named '" + name + "'; choose another name", challenge, name);
    }
    if (founder != null && !claim(memberships, memberKey(challenge, founder), new Document("team", id))) {
      names.deleteOne(eq("_id", nameKey(challenge, name)));
      throw alreadyInTeam(challenge);
    }
    List<String> members = founder == null ? List.of() : List.of(founder);
    teams.insertOne(new Document("_id", id).append("challenge", challenge).append("name", name)
        .append("members", members).append("size", members.size()).append("createdAt", Date.from(now)));
    return new Team(id, challenge, name, members, now);
  }

  /** The team named {@code name}, created without members if absent (the platform's seeded baselines). */
  public Team findOrCreateInternal(String challenge, String name, Instant now) {
    return findByName(challenge, name).orElseGet(() -> create(challenge, name, null, now));
  }

  public Optional<Team> find(String id) {
    return Optional.ofNullable(teams.find(eq("_id", id)).first()).map(TeamRepository::toTeam);
  }

  public Optional<Team> findByName(String challenge, String name) {
    return Optional.ofNullable(names.find(eq("_id", nameKey(challenge, name))).first())
        .flatMap(d -> find(d.getString("team")));
  }

  /** The person's team in {@code challenge}, if they are in one. */
  public Optional<Team> teamOf(String challenge, String accountId) {
    return Optional.ofNullable(memberships.find(eq("_id", memberKey(challenge, accountId))).first())
        .flatMap(d -> find(d.getString("team")));
  }

  /**
   * Adds the person to the team if it has fewer than {@code maxSize} members.
   *
   * @throws TeamException ALREADY_IN_TEAM or TEAM_FULL
   */
  public Team join(Team team, String accountId, int maxSize) {
    if (!claim(memberships, memberKey(team.challenge(), accountId), new Document("team", team.id()))) {
      throw alreadyInTeam(team.challenge());
    }
    boolean added = teams.updateOne(and(eq("_id", team.id()), lt("size", maxSize)),
        Updates.combine(Updates.push("members", accountId), Updates.inc("size", 1))).getModifiedCount() == 1;
    if (!added) {
      memberships.deleteOne(eq("_id", memberKey(team.challenge(), accountId)));
      throw new TeamException(TeamException.Reason.TEAM_FULL, "team '" + team.name() + "' is full: challenge "
          + team.challenge() + " allows " + maxSize + " member(s) per team", team.name(), team.challenge(), maxSize);
    }
    return find(team.id()).orElseThrow();
  }

  /** Takes the person out of the team; they may then join or create another one in the challenge. */
  public void leave(Team team, String accountId) {
    if (teams.updateOne(and(eq("_id", team.id()), eq("members", accountId)),
        Updates.combine(Updates.pull("members", accountId), Updates.inc("size", -1))).getModifiedCount() == 1) {
      memberships.deleteOne(eq("_id", memberKey(team.challenge(), accountId)));
    }
  }

  /** A new one-time invitation code to {@code team}, valid for {@code ttl}; only its hash is stored. */
  public String invite(Team team, String byAccountId, Duration ttl, Instant now) {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    String code = "join-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    invitations.insertOne(new Document("_id", BearerToken.hash(code)).append("team", team.id())
        .append("challenge", team.challenge()).append("by", byAccountId).append("createdAt", Date.from(now))
        .append("expiresAt", Date.from(now.plus(ttl))));
    return code;
  }

  /** Uses up an invitation to a team of {@code challenge}: the team it opens, or empty if unknown, used or expired. */
  public Optional<Invitation> redeem(String challenge, String code, Instant now) {
    Document d = invitations.findOneAndDelete(and(eq("_id", BearerToken.hash(code == null ? "" : code.trim())),
        eq("challenge", challenge), gt("expiresAt", Date.from(now))));
    return Optional.ofNullable(d).map(Invitation::new);
  }

  /** Puts back an invitation whose use failed (team full, already in a team), so it is not lost. */
  public void restore(Invitation invitation) {
    claim(invitations, invitation.document().getString("_id"), invitation.document());
  }

  /** A redeemed invitation, kept whole so that it can be restored. */
  public record Invitation(Document document) {
    public String teamId() {
      return document.getString("team");
    }
  }

  private static TeamException alreadyInTeam(String challenge) {
    return new TeamException(TeamException.Reason.ALREADY_IN_TEAM,
        "you are already in a team of challenge " + challenge + " (one team per person); leave it first", challenge);
  }

  private static String nameKey(String challenge, String name) {
    // compared as a reader sees them: "Ｔｅａｍ Ｂ" is "team b" (the same key as before for plain names)
    return challenge + "/" + org.palmares.platform.account.DisplayName.key(name);
  }

  private static String memberKey(String challenge, String accountId) {
    return challenge + "/" + accountId;
  }

  private static Team toTeam(Document d) {
    return new Team(d.getString("_id"), d.getString("challenge"), d.getString("name"),
        d.getList("members", String.class, List.of()), d.getDate("createdAt").toInstant());
  }
}
