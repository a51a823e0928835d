package org.palmares.platform.organizer;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;

/** Organizers in MongoDB ({@code organizers}); tokens are stored hashed, like team tokens. */
public final class OrganizerRepository {
  private final MongoCollection<Document> organizers;

  public OrganizerRepository(MongoDatabase db) {
    this.organizers = db.getCollection("organizers");
    organizers.createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
  }

  /** A created organizer and its token, shown once. */
  public record Created(Organizer organizer, String token) {}

  public Created create(String name, boolean admin, List<String> challenges, Instant now) {
    String token = BearerToken.generate();
    Organizer o = new Organizer("org_" + UUID.randomUUID().toString().replace("-", ""), name, admin,
        List.copyOf(challenges));
    organizers.insertOne(new Document("_id", o.id()).append("name", name).append("admin", admin)
        .append("challenges", o.challenges()).append("tokenHash", BearerToken.hash(token))
        .append("createdAt", Date.from(now)));
    return new Created(o, token);
  }

  public Optional<Organizer> findByToken(String token) {
    return Optional.ofNullable(organizers.find(eq("tokenHash", BearerToken.hash(token))).first())
        .map(d -> new Organizer(d.getString("_id"), d.getString("name"), d.getBoolean("admin", false),
            d.getList("challenges", String.class, List.of())));
  }

  /** Makes {@code organizer} a manager of {@code slug} (the creator of a challenge manages it). */
  public void grant(String organizerId, String slug) {
    organizers.updateOne(eq("_id", organizerId), Updates.addToSet("challenges", slug));
  }
}
