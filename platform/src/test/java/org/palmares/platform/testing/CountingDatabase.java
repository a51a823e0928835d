package org.palmares.platform.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.palmares.platform.storage.EmbeddedBackend;

/**
 * The embedded database (mongo-java-server's H2 backend, as the platform embeds it) served on a
 * loopback port, counting the documents it reads per collection: every document a query, an
 * update, a find-and-modify or a count examines (the server's one matching path, which full scans
 * and index look-ups both feed), and every document streamed to build an index. That is what
 * MongoDB's {@code explain} calls {@code docsExamined}; mongo-java-server serves no
 * {@code explain}, so the count is taken inside it, by a backend wrapping its collections.
 */
public final class CountingDatabase implements AutoCloseable {
  private static final ThreadLocal<Map<String, LongAdder>> CONSTRUCTING = new ThreadLocal<>();

  private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();
  private final MongoServer server;
  private final String uri;

  public CountingDatabase() {
    CONSTRUCTING.set(reads);
    try {
      server = new MongoServer(new Backend(MVStore.open(null), reads));
    } finally {
      CONSTRUCTING.remove();
    }
    InetSocketAddress address = server.bind();
    uri = "mongodb://127.0.0.1:" + address.getPort();
  }

  /** The driver's connection string. */
  public String uri() {
    return uri;
  }

  /** Documents read from {@code collection} since the last {@link #reset}. */
  public long reads(String collection) {
    LongAdder n = reads.get(collection);
    return n == null ? 0 : n.sum();
  }

  /** Documents read from every collection since the last {@link #reset}. */
  public long reads() {
    return reads.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public void reset() {
    reads.values().forEach(LongAdder::reset);
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private static final class Backend extends EmbeddedBackend {
    private final Map<String, LongAdder> reads;

    Backend(MVStore store, Map<String, LongAdder> reads) {
      super(store);
      this.reads = reads;
    }

    @Override
    protected H2Collection collection(MongoDatabase db, String name, CollectionOptions options,
        MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
      // also runs inside the constructors, before this.reads is set
      Map<String, LongAdder> counts = reads != null ? reads : CONSTRUCTING.get();
      return new CountingCollection(db, name, options, data, meta, cursors,
          counts.computeIfAbsent(name, k -> new LongAdder()));
    }
  }

  private static final class CountingCollection extends EmbeddedBackend.Collection {
    private final LongAdder reads;

    CountingCollection(MongoDatabase db, String name, CollectionOptions options, MVMap<Object, Document> data,
        MVMap<String, Object> meta, CursorRegistry cursors, LongAdder reads) {
      super(db, name, options, data, meta, cursors);
      this.reads = reads;
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int skip, int limit,
        int batchSize, Comparator<Document> comparator, Document fieldSelector) {
      return super.matchDocumentsFromStream(query, documents.peek(d -> reads.increment()), skip, limit, batchSize,
          comparator, fieldSelector);
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
      return super.streamAllDocumentsWithPosition().peek(d -> reads.increment());
    }
  }
}
