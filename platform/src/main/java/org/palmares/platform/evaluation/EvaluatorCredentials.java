package org.palmares.platform.evaluation;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;

/**
 * Remote evaluators' tokens, each scoped to the challenges whose hidden data its site holds.
 * Stored hashed in {@code evaluators}; a team's or an organizer's token is never one of these.
 */
public final class EvaluatorCredentials {
  private final MongoCollection<Document> evaluators;

  /**
   * A remote evaluator.
   *
   * @param id         identifier; its workers' names are prefixed with it, so it can only report its own leases
   * @param name       display name (e.g. the site)
   * @param challenges slugs of the challenges it may evaluate
   */
  public record RemoteEvaluator(String id, String name, List<String> challenges) {}

  /** A created evaluator and its token, shown once. */
  public record Created(RemoteEvaluator evaluator, String token) {}

  public EvaluatorCredentials(MongoDatabase db) {
    this.evaluators = db.getCollection("evaluators");
    evaluators.createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
  }

  public Created create(String name, List<String> challenges, Instant now) {
    String token = BearerToken.generate();
    RemoteEvaluator e = new RemoteEvaluator("ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        name, List.copyOf(challenges));
    evaluators.insertOne(new Document("_id", e.id()).append("name", name).append("challenges", e.challenges())
        .append("tokenHash", BearerToken.hash(token)).append("createdAt", Date.from(now)));
    return new Created(e, token);
  }

  public Optional<RemoteEvaluator> findByToken(String token) {
    return Optional.ofNullable(evaluators.find(eq("tokenHash", BearerToken.hash(token))).first())
        .map(d -> new RemoteEvaluator(d.getString("_id"), d.getString("name"),
            d.getList("challenges", String.class, List.of())));
  }
}
