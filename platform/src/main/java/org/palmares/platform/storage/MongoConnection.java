package org.palmares.platform.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's database: a real MongoDB when a URI is given, else an embedded
 * MongoDB-wire-compatible server persisted under the data folder. Code above this class sees the
 * official driver only, and uses only what both serve (no transactions, no change streams).
 */
public final class MongoConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MongoConnection.class);
  private static final String DATABASE = "palmares";
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify",
      "createIndexes", "dropIndexes", "drop", "dropDatabase");

  /** File next to the embedded database holding the address of the server serving it (its socket). */
  private static final String URI_FILE = "server.uri";

  private final MongoClient client;
  private final SocketMongoServer server;
  private final H2Backend backend;
  private final String description;

  private final Path uriFile;

  private MongoConnection(MongoClient client, SocketMongoServer server, H2Backend backend, String description,
      Path uriFile) {
    this.uriFile = uriFile;
    this.client = client;
    this.server = server;
    this.backend = backend;
    this.description = description;
  }

  /** Connects to {@code uri}. */
  public static MongoConnection remote(String uri) {
    ConnectionString cs = new ConnectionString(uri);
    // Fail within seconds when the server is away (the HTTP edge then answers 503), never hang 30 s.
    MongoClient client = MongoClients.create(DatabaseOutage.settings(cs).build());
    return new MongoConnection(client, null, null, "MongoDB at " + String.join(",", cs.getHosts()), null);
  }

  /**
   * Starts the embedded server on a Unix domain socket in {@code dir} (created owner-only), persisted
   * there too: no other local user can reach it (see {@link SocketMongoServer}). Fails with a clear
   * message when another process (a running platform) holds the database.
   */
  public static MongoConnection embedded(Path dir) throws IOException {
    OwnerOnly.createDirectories(dir);
    Path file = dir.resolve("palmares.mv.db");
    Path uriFile = dir.resolve(URI_FILE);
    if (!Files.exists(file)) {
      // H2 would create it with the umask's mode: made owner-only before it holds anything
      OwnerOnly.createFile(file);
    }
    MVStore store;
    try {
      store = new MVStore.Builder().fileName(file.toString()).open();
    } catch (RuntimeException e) {
      // A running platform holds the file; commands (create-team) go through its server instead.
      if (Files.isRegularFile(uriFile)) {
        LOG.info("The embedded database is held by a running platform; connecting to it");
        return remote(Files.readString(uriFile).trim());
      }
      throw new IllegalStateException("The embedded database " + file + " is in use by another process "
          + "(is the platform already running?). Stop it first, or set MONGODB_URI to share a MongoDB server.", e);
    }
    H2Backend backend = new EmbeddedBackend(store);
    SocketMongoServer server;
    try {
      server = SocketMongoServer.bindIn(backend, dir);
      // Recorded (owner-only) for the commands run while we serve.
      Files.deleteIfExists(uriFile);
      OwnerOnly.createFile(uriFile);
      Files.writeString(uriFile, server.connectionString());
    } catch (IOException | RuntimeException e) {
      backend.close();
      throw e;
    }
    String uri = server.connectionString();
    // Make every acknowledged write durable before the caller goes on: an accepted submission
    // must survive the process being killed the next instant.
    CommandListener commitAfterWrites = new CommandListener() {
      @Override
      public void commandSucceeded(CommandSucceededEvent event) {
        if (WRITES.contains(event.getCommandName())) {
          backend.commit();
        }
      }
    };
    MongoClient client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .addCommandListener(commitAfterWrites)
        .build());
    LOG.info("Embedded database in {}, served on {}", file, server.socket());
    return new MongoConnection(client, server, backend, "embedded database in " + file, uriFile);
  }

  /**
   * From the environment: {@code MONGODB_URI} when set, else embedded under {@code dataDir/db}
   * (after {@link DataFolder#open} checked that others cannot use the data folder).
   */
  public static MongoConnection open(String mongoUri, Path dataDir) throws IOException {
    return mongoUri == null || mongoUri.isBlank() ? open(null, DataFolder.open(dataDir)) : remote(mongoUri);
  }

  /** From the environment: {@code MONGODB_URI} when set, else embedded in {@code data}'s database folder. */
  public static MongoConnection open(String mongoUri, DataFolder data) throws IOException {
    return mongoUri == null || mongoUri.isBlank() ? embedded(data.db()) : remote(mongoUri);
  }

  public MongoDatabase database() {
    return client.getDatabase(DATABASE);
  }

  public String description() {
    return description;
  }

  @Override
  public void close() {
    client.close();
    if (server != null) {
      server.close();
    }
    if (backend != null) {
      backend.commit();
      backend.close();
    }
    if (uriFile != null) {
      try {
        Files.deleteIfExists(uriFile);
      } catch (IOException e) {
        LOG.warn("Could not remove {}: {}", uriFile, e.getMessage());
      }
    }
  }
}
