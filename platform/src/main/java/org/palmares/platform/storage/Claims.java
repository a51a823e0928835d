package org.palmares.platform.storage;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * Uniqueness by {@code _id}: the one unique key every MongoDB-wire server enforces (the embedded
 * one ignores secondary unique indexes). Claiming a key is a single insert, so of two racing
 * claims exactly one wins.
 */
public final class Claims {
  private Claims() {}

  /** Inserts {@code body} under {@code key}; false when the key is already taken. */
  public static boolean claim(MongoCollection<Document> collection, String key, Document body) {
    try {
      collection.insertOne(new Document(body).append("_id", key));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }
}
