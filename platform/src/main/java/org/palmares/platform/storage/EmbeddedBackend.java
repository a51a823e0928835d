package org.palmares.platform.storage;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, as the platform embeds it, with one change: a query sorted by
 * {@code {$natural: -1}} reads the collection backwards from its end (or from just below the
 * bound of an {@code _id: {$lt: …}} in the query) and stops at the limit, where the stock backend
 * first sorts every document of the collection. The H2 backend keeps a collection's documents in
 * the order of their ids, so this is {@code _id} descending: with time-ordered ids (submissions'),
 * the newest first, and a page of a phase's submissions reads about one page of documents, not
 * the archive. Everything else is the stock backend's.
 */
public class EmbeddedBackend extends H2Backend {
  public EmbeddedBackend(MVStore store) {
    super(store);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getMvStore(), getCursorRegistry(), this);
  }

  /**
   * Makes the collection the database opens (a subclass adds what it measures); runs inside the
   * constructors of this backend and of its databases, so it may not read a subclass's fields.
   */
  protected H2Collection collection(MongoDatabase db, String name, CollectionOptions options,
      MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
    return new Collection(db, name, options, data, meta, cursors);
  }

  /** A database whose collections are made by {@link EmbeddedBackend#collection}. */
  private static final class Database extends H2Database {
    private static final ThreadLocal<Object[]> OPENING = new ThreadLocal<>();
    private final MVStore store;
    private final EmbeddedBackend backend;

    Database(String name, MVStore store, CursorRegistry cursors, EmbeddedBackend backend) {
      super(name, opening(store, backend), cursors);
      OPENING.remove();
      this.store = store;
      this.backend = backend;
    }

    /** H2Database's constructor opens the collections before this object's fields are set. */
    private static MVStore opening(MVStore store, EmbeddedBackend backend) {
      OPENING.set(new Object[] {store, backend});
      return store;
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      Object[] opening = OPENING.get();
      MVStore mv = store != null ? store : (MVStore) opening[0];
      EmbeddedBackend owner = backend != null ? backend : (EmbeddedBackend) opening[1];
      String full = getFullCollectionNamespace(collectionName);
      // the map names H2Database uses, so a data folder written by the stock backend opens as it was
      MVMap<Object, Document> data = mv.openMap("databases." + full);
      MVMap<String, Object> meta = mv.openMap("meta." + full);
      return owner.collection(this, collectionName, options, data, meta, cursorRegistry);
    }
  }

  /** A collection that reads backwards lazily for {@code {$natural: -1}}. */
  public static class Collection extends H2Collection {
    private final MVMap<Object, Document> data;

    public Collection(MongoDatabase db, String name, CollectionOptions options, MVMap<Object, Document> data,
        MVMap<String, Object> meta, CursorRegistry cursors) {
      super(db, name, options, data, meta, cursors);
      this.data = data;
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
        Document fieldSelector) {
      if (!naturalDescending(orderBy)) {
        return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      Object from = upperBound(query);
      Iterator<Object> keys = data.keyIteratorReverse(from);
      Stream<Document> backwards = StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(keys, Spliterator.ORDERED), false).map(data::get);
      // the filter still holds the bound: the first key read (the bound itself, when stored) is dropped by it
      return matchDocumentsFromStream(query, backwards, numberToSkip, limit, batchSize, null, fieldSelector);
    }

    private static boolean naturalDescending(Document orderBy) {
      return orderBy != null && orderBy.size() == 1 && orderBy.get("$natural") instanceof Number n
          && n.intValue() == -1;
    }

    /** The {@code x} of {@code _id: {$lt: x}} in the query, else null (the end of the collection). */
    private static Object upperBound(Document query) {
      if (query.get("_id") instanceof Document id && id.size() == 1 && id.get("$lt") instanceof String bound) {
        return bound;
      }
      return null;
    }
  }
}
