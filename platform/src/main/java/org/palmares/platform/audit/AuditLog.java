package org.palmares.platform.audit;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.descending;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Organizer and admin actions (challenge changes, rescoring, disqualification, role changes), append-only, in MongoDB ({@code audit}). */
public final class AuditLog {
  /** One recorded action: {@code who} did {@code action} to {@code target} of {@code challenge}. */
  public record Entry(Instant at, String challenge, String who, String action, String target, String detail) {}

  private final MongoCollection<Document> audit;
  private final Clock clock;

  public AuditLog(MongoDatabase db, Clock clock) {
    this.audit = db.getCollection("audit");
    this.clock = clock;
    org.palmares.platform.storage.SecondaryIndexes.of(db).declare(audit, Indexes.ascending("challenge", "at"));
  }

  /** Records an action; {@code challenge} null for platform-wide ones (admin role changes). */
  public void record(String challenge, String who, String action, String target, String detail) {
    audit.insertOne(new Document("at", Date.from(clock.instant())).append("challenge", challenge).append("who", who)
        .append("action", action).append("target", target).append("detail", detail));
  }

  /** A challenge's log, newest first. */
  public List<Entry> of(String challenge) {
    return find(eq("challenge", challenge));
  }

  /** The platform-wide log (entries of no challenge), newest first. */
  public List<Entry> ofPlatform() {
    return find(eq("challenge", null));
  }

  private List<Entry> find(org.bson.conversions.Bson filter) {
    List<Entry> out = new ArrayList<>();
    audit.find(filter).sort(descending("at")).forEach(d -> out.add(new Entry(
        d.getDate("at").toInstant(), d.getString("challenge"), d.getString("who"), d.getString("action"),
        d.getString("target"), d.getString("detail"))));
    return out;
  }
}
