package org.palmares.platform.storage;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered migrations of the stored data, run in order at start-up before anything reads it.
 * Each is recorded in {@code migrations} once it has run to its end, and each is written so that
 * running it again after a stop half-way does no harm (a stop is always possible).
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** One change of the stored data's shape. */
  public interface Migration {
    /** A unique id that sorts in order, e.g. {@code 0001-live-jobs}. */
    String id();

    /** Moves the data to the new shape; idempotent. */
    void apply(MongoDatabase db);
  }

  private Migrations() {}

  /**
   * Runs what has not run yet of {@code migrations} (in order), then drops the indexes the
   * server ignores ({@link SecondaryIndexes#dropIgnored}). Returns the ids run.
   */
  public static List<String> run(MongoDatabase db, List<Migration> migrations, Clock clock) {
    MongoCollection<Document> done = db.getCollection("migrations");
    List<String> ran = new java.util.ArrayList<>();
    for (Migration m : migrations) {
      if (done.find(eq("_id", m.id())).first() != null) {
        continue;
      }
      long t0 = System.nanoTime();
      m.apply(db);
      done.insertOne(new Document("_id", m.id()).append("appliedAt", Date.from(clock.instant())));
      LOG.info("Migration {} done in {} ms", m.id(), (System.nanoTime() - t0) / 1_000_000);
      ran.add(m.id());
    }
    SecondaryIndexes.of(db).dropIgnored(db);
    return ran;
  }
}
