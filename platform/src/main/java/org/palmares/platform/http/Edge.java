package org.palmares.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;

/**
 * What every route class of the edge does the same way: run blocking work on the bounded pool,
 * answer JSON or HTML, find the challenge and phase a request names, tell who the client is.
 */
final class Edge {
  static final String JSON = "application/json; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";
  /** JSON and form bodies of the account, team and organizer endpoints: a few fields. */
  static final int SMALL_BODY_LIMIT = 16 * 1024;

  private Edge() {}

  /**
   * Runs blocking work (database, files, password hashing) on the edge's bounded {@link WorkerPool}
   * (503 with {@code Retry-After} when it is full). Unordered: requests do not wait for one another's work.
   */
  static <T> Future<T> blocking(Vertx vertx, Callable<T> work) {
    WorkerPool pool = WorkerPool.of(vertx);
    return pool == null ? vertx.executeBlocking(work, false) : pool.run(work);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  /** A page; never cached, since pages show who is logged in. */
  static void html(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, HTML)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
  }

  /** 303 See Other: after a form, the browser loads {@code to} with GET, so a reload sends nothing again. */
  static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, to).end();
  }

  /** The challenge of the {@code :slug} path parameter; 404 when there is none. */
  static Challenge challenge(RoutingContext ctx, ChallengeCatalog catalog) {
    String slug = ctx.pathParam("slug");
    return catalog.find(slug).orElseThrow(() -> ApiException.notFound("there is no challenge " + slug)
        .localized("error.no-challenge", slug));
  }

  /** The phase of {@code ?phase=}, else the one shown by default now; 404 for a phase the challenge does not have. */
  static Phase phase(RoutingContext ctx, Challenge c, Instant now) {
    String name = ctx.request().getParam("phase");
    if (name == null) {
      return c.currentPhaseAt(now);
    }
    return c.phase(name).orElseThrow(() -> ApiException.notFound("challenge " + c.slug() + " has no phase " + name)
        .localized("error.no-phase", c.slug(), name));
  }

  /**
   * The board asked for by {@code ?site=} (a site's name, or {@code pooled}); null when absent. A single-site challenge
   * takes none, and an unknown site is refused with the boards the challenge has (400).
   */
  static String site(RoutingContext ctx, Challenge c) {
    String asked = ctx.request().getParam("site");
    if (asked == null) {
      return null;
    }
    if (!c.multiSite()) {
      throw new ApiException(400, "bad_site", "challenge " + c.slug() + " is held by one site: its leaderboard takes"
          + " no site parameter").localized("error.single-site", c.slug());
    }
    if (!asked.equals(org.palmares.platform.leaderboard.SiteBoards.POOLED) && !c.siteNames().contains(asked)) {
      String boards = String.join(", ", c.siteNames());
      throw new ApiException(400, "bad_site", "site is 'pooled' or one of the challenge's sites (" + boards
          + "), not '" + asked + "'").localized("error.no-site", asked, boards);
    }
    return asked;
  }

  /** Where this platform is reached, as the client sees it (for commands shown on pages). */
  static String origin(RoutingContext ctx) {
    return ctx.request().scheme() + "://" + ctx.request().authority();
  }

  /** The client's address, as the rate limits and the login slowdown count it. */
  static String clientAddress(RoutingContext ctx) {
    return ClientAddress.of(ctx); // the socket's peer, or the client a trusted proxy names
  }

  static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
