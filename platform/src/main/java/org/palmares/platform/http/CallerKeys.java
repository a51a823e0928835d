package org.palmares.platform.http;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.palmares.platform.auth.BearerToken;

/**
 * Whom a request's credential belongs to, for the rate limits: {@code account:<id>} for a
 * personal access token or a web session, {@code evaluator:<id>} for an evaluator's token. Never
 * waits: a credential not seen in the last minute is looked up in the background (one lookup
 * per credential at a time, on the edge's worker pool) and its request is counted against its
 * address meanwhile, so a made-up token buys nothing but the anonymous budget. What is cached
 * decides only which bucket pays, never what a caller may do: a revoked token is refused by its
 * handler at once, whatever is cached here.
 */
final class CallerKeys {
  /** How long a credential's owner is remembered; a revoked one may be charged to its account this long. */
  private static final Duration REMEMBERED = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final Services services;
  /** By the credential's hash (never the secret itself): the caller's key, or empty for an unknown credential. */
  private final AsyncCache<String, Optional<String>> known = Caffeine.newBuilder()
      .maximumSize(100_000).expireAfterWrite(REMEMBERED).buildAsync();

  CallerKeys(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
  }

  /**
   * The key of the account or evaluator the request's credential belongs to, when already known:
   * the bearer token on the API (an evaluator's for {@link RouteClass#EVALUATORS}), the session
   * cookie on pages. Empty for no credential, an unknown one, or one still being looked up.
   */
  Optional<String> of(RoutingContext ctx, RouteClass routes) {
    boolean api = ctx.request().path().startsWith("/api/");
    String secret = api ? bearer(ctx) : session(ctx);
    if (secret == null) {
      return Optional.empty();
    }
    String kind = !api ? "s:" : routes == RouteClass.EVALUATORS ? "e:" : "t:";
    CompletableFuture<Optional<String>> found = known.get(kind + BearerToken.hash(secret),
        (hash, executor) -> lookUp(() -> switch (kind) {
          case "s:" -> services.sessions().accountIdOf(secret, services.clock().instant()).map(id -> "account:" + id);
          case "e:" -> services.evaluatorCredentials().findByToken(secret).map(e -> "evaluator:" + e.id());
          default -> services.tokens().authenticate(secret, services.clock().instant()).map(a -> "account:" + a.id());
        }));
    return found.isDone() && !found.isCompletedExceptionally() ? found.join() : Optional.empty();
  }

  /** Runs a lookup on the worker pool; a failure (database away, pool full) is forgotten and tried again later. */
  private CompletableFuture<Optional<String>> lookUp(Callable<Optional<String>> lookup) {
    return Edge.blocking(vertx, lookup).toCompletionStage().toCompletableFuture();
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    return header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8
        ? null : header.substring(7).trim();
  }

  private static String session(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Callers.SESSION_COOKIE);
    return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
  }
}
