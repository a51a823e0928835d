package org.palmares.platform.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import de.bwaldvogel.mongo.MongoServer;
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
      "createIndexes", "drop", "dropDatabase");

  /** File next to the embedded database holding the loopback URI of the server serving it. */
  private static final String URI_FILE = "server.uri";

  private final MongoClient client;
  private final MongoServer server;
  private final H2Backend backend;
  private final String description;

  private final Path uriFile;

  private MongoConnection(MongoClient client, MongoServer server, H2Backend backend, String description,
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
   * Starts the embedded server on a loopback port, persisted in {@code dir}. Fails with a clear
   * message when another process (a running platform) holds the database.
   */
  public static MongoConnection embedded(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("palmares.mv.db");
    Path uriFile = dir.resolve(URI_FILE);
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
    H2Backend backend = new H2Backend(store);
    MongoServer server = new MongoServer(backend);
    // Loopback only. The port is recorded (owner-readable) for commands run while we serve.
    String uri = server.bindAndGetConnectionString();
    Files.deleteIfExists(uriFile);
    Files.createFile(uriFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(uriFile, uri);
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
    LOG.info("Embedded database in {}", file);
    return new MongoConnection(client, server, backend, "embedded database in " + file, uriFile);
  }

  /** From the environment: {@code MONGODB_URI} when set, else embedded under {@code dataDir/db}. */
  public static MongoConnection open(String mongoUri, Path dataDir) throws IOException {
    return mongoUri == null || mongoUri.isBlank() ? embedded(dataDir.resolve("db")) : remote(mongoUri);
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
      server.shutdownNow();
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
