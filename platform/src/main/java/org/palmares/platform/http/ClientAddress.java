package org.palmares.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every request: decides once who the client is (the socket peer, or what a
 * trusted proxy says in {@code X-Forwarded-For}) for the rate limits, the login slowdown and the
 * logs.
 */
final class ClientAddress implements Handler<RoutingContext> {
  private static final String KEY = "palmares.clientAddress";

  private final TrustedProxies proxies;

  ClientAddress(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, proxies.clientOf(peer(ctx), ctx.request().headers().getAll("X-Forwarded-For")));
    ctx.next();
  }

  /** The client's address, as decided for this request (the socket peer before the handler ran). */
  static String of(RoutingContext ctx) {
    String decided = ctx.get(KEY);
    return decided != null ? decided : peer(ctx);
  }

  private static String peer(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }
}
