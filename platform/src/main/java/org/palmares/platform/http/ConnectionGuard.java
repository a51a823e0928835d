package org.palmares.platform.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps connections from being held for free: a cap on the open connections of one client
 * address, a deadline for a request's headers (from the connection's opening, or from the end of
 * the previous response on a kept-alive connection), and a minimum pace for request bodies. The
 * idle timeout itself is the server's ({@code HttpServerOptions#setIdleTimeout}).
 *
 * <p>Runs on the HTTP verticle's event loop: the connection and request handlers of one server
 * are called there, so the per-connection state needs no locking beyond the shared counts.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final EdgeLimits limits;
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final Map<HttpConnection, Watch> connections = new ConcurrentHashMap<>();
  /**
   * Connections over their address's cap, being closed. Kept apart (and forgotten after a while)
   * because a close is graceful: a request already read on one is still routed, and is refused.
   */
  private final Set<HttpConnection> refused = ConcurrentHashMap.newKeySet();

  /** What is known of one open connection: the timer waiting for the next request's headers, if any. */
  private static final class Watch {
    long headerTimer = -1;
  }

  ConnectionGuard(Vertx vertx, EdgeLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** For {@code HttpServer#connectionHandler}: counts the address, refuses one too many, starts the header clock. */
  void opened(HttpConnection connection) {
    String address = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
    int open = perAddress.merge(address, 1, Integer::sum);
    connection.closeHandler(v -> {
      perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
      Watch watch = connections.remove(connection);
      if (watch != null) {
        vertx.cancelTimer(watch.headerTimer);
      }
    });
    // a trusted proxy carries every client's connections: the cap is for clients, and the proxy has its own
    if (open > limits.maxConnectionsPerAddress() && !limits.rates().trustedProxies().trusts(address)) {
      refused.add(connection);
      vertx.setTimer(limits.headerTimeout().toMillis(), id -> refused.remove(connection));
      connection.close(); // before anything is read: the cheapest refusal
      return;
    }
    Watch watch = new Watch();
    connections.put(connection, watch);
    awaitHeaders(connection, watch);
  }

  /** The first route handler of every request: its headers arrived in time; now its body must keep coming. */
  void requestStarted(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpConnection connection = req.connection();
    Watch watch = connection == null ? null : connections.get(connection);
    if (refused.contains(connection)) {
      // a request that was already on its way when the connection was refused
      ctx.fail(new ApiException(503, "too_many_connections", "your address has " + limits.maxConnectionsPerAddress()
          + " connections open to this server already; close some, or try again later")
          .retryAfter(limits.retryAfter().toSeconds()));
      return;
    }
    if (watch != null) {
      vertx.cancelTimer(watch.headerTimer);
      watch.headerTimer = -1;
      ctx.addEndHandler(done -> {
        if (connections.containsKey(connection)) {
          awaitHeaders(connection, watch); // kept alive: the next request has the same deadline
        }
      });
    }
    if (!req.isEnded()) {
      watchBody(ctx);
    }
    ctx.next();
  }

  private void awaitHeaders(HttpConnection connection, Watch watch) {
    vertx.cancelTimer(watch.headerTimer);
    watch.headerTimer = vertx.setTimer(limits.headerTimeout().toMillis(), id -> connection.close());
  }

  /**
   * Every {@code bodyTimeout}, a body still arriving must have brought the minimum for the period;
   * otherwise 408 and the connection is closed (a client that trickles a body holds a connection
   * and, for forms, a buffer).
   */
  private void watchBody(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    long period = limits.bodyTimeout().toMillis();
    long minimum = limits.minBodyBytesPerSecond() * period / 1000;
    long[] before = {req.bytesRead()};
    long timer = vertx.setPeriodic(period, id -> {
      if (req.isEnded() || ctx.response().ended() || ctx.response().closed()) {
        vertx.cancelTimer(id);
        return;
      }
      long now = req.bytesRead();
      if (now - before[0] < minimum) {
        vertx.cancelTimer(id);
        ctx.put(BODY_TIMED_OUT, true);
        ctx.fail(new ApiException(408, "body_timeout", "the request body arrived too slowly (less than "
            + limits.minBodyBytesPerSecond() + " bytes a second over " + limits.bodyTimeout().toSeconds()
            + " s); send it again"));
      }
      before[0] = now;
    });
    ctx.addEndHandler(done -> vertx.cancelTimer(timer));
  }

  /** Set on a request cut for a slow body: its connection is closed once the answer is written. */
  static final String BODY_TIMED_OUT = "palmares.bodyTimedOut";
}
