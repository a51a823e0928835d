package org.palmares.platform.team;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * Who accepted which version of a challenge's rules, and when ({@code rules_acceptances}: one
 * document per person, challenge and version, kept when the rules change, so the record shows what
 * each person agreed to and when).
 */
public final class RulesAcceptances {
  /** An acceptance: {@code version} of the rules, first accepted at {@code at}. */
  public record Acceptance(int version, Instant at) {}

  private final MongoCollection<Document> acceptances;

  public RulesAcceptances(MongoDatabase db) {
    this.acceptances = db.getCollection("rules_acceptances");
  }

  /** Records the acceptance; accepting the same version again keeps the first time. */
  public Acceptance record(String challenge, String accountId, int version, Instant at) {
    String key = key(challenge, accountId, version);
    acceptances.updateOne(eq("_id", key), Updates.combine(Updates.setOnInsert("challenge", challenge),
        Updates.setOnInsert("account", accountId), Updates.setOnInsert("version", version),
        Updates.setOnInsert("at", Date.from(at))), new UpdateOptions().upsert(true));
    return of(challenge, accountId, version).orElseThrow();
  }

  /** The acceptance of that version of the rules, if given. */
  public Optional<Acceptance> of(String challenge, String accountId, int version) {
    return Optional.ofNullable(acceptances.find(Filters.eq("_id", key(challenge, accountId, version))).first())
        .map(d -> new Acceptance(d.getInteger("version"), d.getDate("at").toInstant()));
  }

  private static String key(String challenge, String accountId, int version) {
    return challenge + "/" + accountId + "/v" + version;
  }
}
