package org.palmares.platform.team;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;

/** Teams in MongoDB ({@code teams}), with an explicit document mapping. */
public final class TeamRepository {
  private final MongoCollection<Document> teams;

  public TeamRepository(MongoDatabase db) {
    this.teams = db.getCollection("teams");
    teams.createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
    teams.createIndex(Indexes.ascending("challenge", "name"), new IndexOptions().unique(true));
  }

  /** A created team and its token, which is not stored and cannot be shown again. */
  public record Created(Team team, String token) {}

  /**
   * Creates a team with a fresh token.
   *
   * @throws IllegalArgumentException when the challenge already has a team of that name
   */
  public Created create(String challenge, String name, Instant now) {
    if (findByName(challenge, name).isPresent()) {
      throw new IllegalArgumentException("challenge " + challenge + " already has a team named '" + name + "'");
    }
    String token = BearerToken.generate();
    Team team = new Team("team_" + UUID.randomUUID().toString().replace("-", ""), challenge, name, now);
    teams.insertOne(new Document("_id", team.id())
        .append("challenge", challenge)
        .append("name", name)
        .append("tokenHash", BearerToken.hash(token))
        .append("createdAt", Date.from(now)));
    return new Created(team, token);
  }

  /** The team holding {@code token}, if any. */
  public Optional<Team> findByToken(String token) {
    return Optional.ofNullable(teams.find(eq("tokenHash", BearerToken.hash(token))).first()).map(TeamRepository::toTeam);
  }

  public Optional<Team> findByName(String challenge, String name) {
    return Optional.ofNullable(teams.find(and(eq("challenge", challenge), eq("name", name))).first())
        .map(TeamRepository::toTeam);
  }

  /** The team named {@code name}, created without a usable token if absent (used for seeded baselines). */
  public Team findOrCreateInternal(String challenge, String name, Instant now) {
    return findByName(challenge, name).orElseGet(() -> create(challenge, name, now).team());
  }

  private static Team toTeam(Document d) {
    return new Team(d.getString("_id"), d.getString("challenge"), d.getString("name"),
        d.getDate("createdAt").toInstant());
  }
}
