package org.palmares.platform.storage;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The embedded database served on a Unix domain socket instead of a TCP port. A loopback port
 * accepts every local user and mongo-java-server has no authentication; a socket file obeys file
 * permissions, so one in an owner-only folder is reachable by the platform's user alone (and
 * root). mongo-java-server binds TCP only, so this is its pipeline (the same handlers, in the
 * same order as {@code MongoServer.bind}) on Netty's NIO domain-socket channel (Java 16's
 * {@code UnixDomainSocketAddress}, no native library).
 */
final class SocketMongoServer implements AutoCloseable {
  private static final String SOCKET_FILE = "palmares.sock";
  /** The longest socket path Linux accepts ({@code sun_path} is 108 bytes with the final NUL). */
  static final int MAX_PATH_BYTES = 107;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup clients;
  private final Channel channel;
  private final Path socket;
  private final boolean ownFolder;

  private SocketMongoServer(EventLoopGroup boss, EventLoopGroup workers, ChannelGroup clients, Channel channel,
      Path socket, boolean ownFolder) {
    this.ownFolder = ownFolder;
    this.boss = boss;
    this.workers = workers;
    this.clients = clients;
    this.channel = channel;
    this.socket = socket;
  }

  /**
   * Serves {@code backend} on a socket in the owner-only folder {@code dir} (the folder is what
   * other users cannot cross). When that path does not suit the driver (longer than a socket
   * allows, or with upper-case letters: the driver lower-cases every host, socket paths included),
   * the socket goes into a new owner-only temporary folder instead, removed on close.
   */
  static SocketMongoServer bindIn(MongoBackend backend, Path dir) throws IOException {
    Path absolute = dir.resolve(SOCKET_FILE).toAbsolutePath();
    boolean ownFolder = !suitsTheDriver(absolute);
    if (ownFolder) {
      Path folder = Files.createTempDirectory("palmares-db-", PosixFilePermissions.asFileAttribute(OwnerOnly.FOLDER));
      OwnerOnly.restrict(folder);
      absolute = folder.resolve(SOCKET_FILE);
      if (!suitsTheDriver(absolute)) {
        Files.delete(folder);
        throw new IOException("The embedded database needs a socket path of at most " + MAX_PATH_BYTES
            + " bytes in lower case, and neither " + dir.resolve(SOCKET_FILE).toAbsolutePath() + " nor " + absolute
            + " is one: use a shorter, lower-case --data path, or set java.io.tmpdir to one");
      }
    }
    // A socket file left by a killed platform: the caller holds the database's file lock, so no one serves it.
    Files.deleteIfExists(absolute);
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mongo-server-boss"),
        NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("mongo-server-worker"),
        NioIoHandler.newFactory());
    ChannelGroup clients = new DefaultChannelGroup("mongodb-channels", workers.next());
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerDomainSocketChannel.class)
          .childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new MongoWireReplyEncoder(), new MongoWireMessageEncoder(),
                  new MongoWireProtocolHandler(), new MongoDatabaseHandler(backend, clients),
                  new MongoExceptionHandler());
            }
          })
          .bind(UnixDomainSocketAddress.of(absolute))
          .syncUninterruptibly()
          .channel();
      OwnerOnly.restrict(absolute);
      return new SocketMongoServer(boss, workers, clients, channel, absolute, ownFolder);
    } catch (RuntimeException | IOException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static boolean suitsTheDriver(Path socket) {
    String path = socket.toString();
    return path.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES
        && path.equals(path.toLowerCase(java.util.Locale.ROOT));
  }

  /** Where it listens. */
  Path socket() {
    return socket;
  }

  /** The driver's connection string for the socket (a percent-encoded path ending in {@code .sock}). */
  String connectionString() {
    return "mongodb://" + URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    clients.close().syncUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    try {
      Files.deleteIfExists(socket);
      if (ownFolder) {
        Files.deleteIfExists(socket.getParent());
      }
    } catch (IOException e) {
      // the folder is owner-only: a socket file left behind is removed at the next start
    }
  }
}
