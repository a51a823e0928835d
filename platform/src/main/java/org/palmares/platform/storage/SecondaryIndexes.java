package org.palmares.platform.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-unique indexes, declared only where the server keeps them. A real MongoDB does, and the
 * queue's indexes let it lease and expire by index alone. The embedded server (mongo-java-server)
 * keeps none: it accepts the declaration, answers every query by a scan all the same, and at
 * every open reads the whole collection twice per declared index to "rebuild" it (the start-up
 * time that grew with history). So there the platform declares none and drops those an older
 * version declared; its hot queries are bounded by keeping live data in small collections.
 * Unique indexes are persisted by the embedded server and are declared by their owners directly.
 */
public final class SecondaryIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(SecondaryIndexes.class);

  private final boolean kept;

  private SecondaryIndexes(boolean kept) {
    this.kept = kept;
  }

  /**
   * The policy of the server behind {@code db}: a server answering {@code buildInfo} with a
   * {@code gitVersion} is a MongoDB build (mongo-java-server answers only a version number).
   */
  public static SecondaryIndexes of(MongoDatabase db) {
    Document info = db.runCommand(new Document("buildInfo", 1));
    return new SecondaryIndexes(info.containsKey("gitVersion"));
  }

  /** Whether the server keeps (and uses) non-unique indexes. */
  public boolean kept() {
    return kept;
  }

  /** Declares the index {@code keys} on {@code collection} where it is kept. */
  public void declare(MongoCollection<Document> collection, Bson keys) {
    if (kept) {
      collection.createIndex(keys, new IndexOptions());
    }
  }

  /**
   * Where they are not kept, drops every non-unique index of the database (an older version
   * declared some), so the next opens read no collection whole. Returns how many were dropped.
   */
  public int dropIgnored(MongoDatabase db) {
    if (kept) {
      return 0;
    }
    int dropped = 0;
    for (String name : db.listCollectionNames()) {
      MongoCollection<Document> collection = db.getCollection(name);
      List<String> ignored = new ArrayList<>();
      for (Document index : collection.listIndexes()) {
        if (!"_id_".equals(index.getString("name")) && !Boolean.TRUE.equals(index.get("unique"))) {
          ignored.add(index.getString("name"));
        }
      }
      for (String index : ignored) {
        collection.dropIndex(index);
        dropped++;
      }
    }
    if (dropped > 0) {
      LOG.info("Dropped {} index(es) the embedded database ignores but rebuilt at every start", dropped);
    }
    return dropped;
  }
}
