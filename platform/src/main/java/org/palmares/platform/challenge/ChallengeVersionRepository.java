package org.palmares.platform.challenge;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.descending;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Challenge versions in MongoDB ({@code challenge_versions}), newest first. */
public final class ChallengeVersionRepository {
  private final MongoCollection<Document> versions;

  public ChallengeVersionRepository(MongoDatabase db) {
    this.versions = db.getCollection("challenge_versions");
    versions.createIndex(Indexes.ascending("slug", "version"), new IndexOptions().unique(true));
  }

  /** Records the next version of {@code slug}; the unique index refuses two writers taking the same number. */
  public ChallengeVersion record(String slug, String archiveSha256, String by, Instant at) {
    int next = latest(slug).map(v -> v.version() + 1).orElse(1);
    versions.insertOne(new Document("slug", slug).append("version", next).append("archiveSha256", archiveSha256)
        .append("by", by).append("at", Date.from(at)));
    return new ChallengeVersion(slug, next, archiveSha256, by, at);
  }

  public Optional<ChallengeVersion> latest(String slug) {
    return Optional.ofNullable(versions.find(eq("slug", slug)).sort(descending("version")).first())
        .map(ChallengeVersionRepository::toVersion);
  }

  public List<ChallengeVersion> of(String slug) {
    List<ChallengeVersion> out = new ArrayList<>();
    versions.find(eq("slug", slug)).sort(descending("version")).forEach(d -> out.add(toVersion(d)));
    return out;
  }

  private static ChallengeVersion toVersion(Document d) {
    return new ChallengeVersion(d.getString("slug"), d.getInteger("version"), d.getString("archiveSha256"),
        d.getString("by"), d.getDate("at").toInstant());
  }
}
