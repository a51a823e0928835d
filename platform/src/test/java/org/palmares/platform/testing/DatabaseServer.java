package org.palmares.platform.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;

/**
 * The embedded database server (mongo-java-server with its H2 backend, as the platform embeds
 * it) run as a process of its own, so a test can kill it (-9) and start it again on the same port
 * and data: a database that goes away and comes back, as a real MongoDB would. Every write is
 * committed before it is acknowledged, so what the platform was told is stored survives the kill.
 */
public final class DatabaseServer {
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify", "findandmodify",
      "createIndexes", "drop", "dropDatabase");

  private final Path dir;
  private final int port;
  private final Path log;
  private Process process;

  public DatabaseServer(Path dir, int port, Path log) {
    this.dir = dir;
    this.port = port;
    this.log = log;
  }

  public int port() {
    return port;
  }

  /** {@code mongodb://} URI of the server. */
  public String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  /** Starts the server process and waits until it accepts connections. */
  public DatabaseServer start() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        DatabaseServer.class.getName(), dir.toString(), String.valueOf(port)));
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the database server exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return this;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the database server did not start listening on " + port);
  }

  /** Kills the server process with SIGKILL (no shutdown, no last commit) and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the database server did not die");
    }
  }

  /** Stops it if it runs (end of a test). */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  /** Serves {@code args[0]} (a folder) on loopback port {@code args[1]} until killed. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    MVStore store = new MVStore.Builder().fileName(dir.resolve("palmares.mv.db").toString()).open();
    H2Backend backend = new H2Backend(store) {
      @Override
      public de.bwaldvogel.mongo.bson.Document handleCommand(Channel channel, String database, String command,
          de.bwaldvogel.mongo.bson.Document query) {
        de.bwaldvogel.mongo.bson.Document answer = super.handleCommand(channel, database, command, query);
        if (WRITES.contains(command)) {
          commit();
        }
        return answer;
      }
    };
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", Integer.parseInt(args[1]));
    System.out.println("database server on 127.0.0.1:" + args[1] + " serving " + dir);
    Thread.currentThread().join();
  }
}
