package org.palmares.platform.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.leaderboard.BoardView;
import org.palmares.platform.leaderboard.LeaderboardService.Part;

/**
 * The board and its live stream. A board is served from the bytes {@link BoardStore} keeps,
 * on the event loop (no worker-pool hop, no encoding per request), with a strong {@code ETag};
 * {@code If-None-Match} answers 304. The stream ({@code text/event-stream}) tells each spectator
 * of a change as {@code event: board} with the phase, part, version and ETag, so a page fetches
 * the new board once (with {@code If-None-Match}) and replaces its table in place; the message is
 * encoded once for all spectators of a challenge.
 */
final class LeaderboardRoutes {
  /** Comments sent to idle streams so proxies keep them open. */
  private static final long KEEP_ALIVE_MILLIS = 25_000;
  private static final String JSON = "application/json; charset=utf-8";

  private final ChallengeCatalog challenges;
  private final BoardStore boards;
  private final Clock clock;
  private final Vertx vertx;
  /** Open streams by challenge slug; touched on the edge's event loop only. */
  private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();

  /** Subscribes to the store's changes; {@code context} is the event loop the streams are written from. */
  LeaderboardRoutes(Vertx vertx, Context context, ChallengeCatalog challenges, BoardStore boards, Clock clock) {
    this.vertx = vertx;
    this.challenges = challenges;
    this.boards = boards;
    this.clock = clock;
    boards.onChange(change -> context.runOnContext(v -> tell(change)));
    vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> {
      Buffer comment = Buffer.buffer(": keep-alive\n\n");
      streams.values().forEach(set -> set.forEach(r -> r.write(comment)));
    });
  }

  /**
   * {@code GET /api/challenges/:slug/leaderboard?phase=&part=public|private&site=}: {@code site} is a multi-site
   * challenge's board, a site's name or {@code pooled} (the default); a single-site challenge takes none.
   */
  void board(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Phase phase = Edge.phase(ctx, c, clock.instant());
    Part part = part(ctx, phase);
    String site = Edge.site(ctx, c);
    BoardView hit = boards.cached(c, phase, part, site).orElse(null);
    if (hit != null) {
      send(ctx, hit);
      return;
    }
    // a board not loaded yet (a phase that came with a new bundle version): read once, off the event loop
    Edge.blocking(vertx, () -> boards.view(c, phase, part, site))
        .onSuccess(view -> send(ctx, view)).onFailure(ctx::fail);
  }


  private Part part(RoutingContext ctx, Phase phase) {
    String asked = ctx.request().getParam("part");
    if (asked == null || "public".equals(asked)) {
      return Part.PUBLIC;
    }
    if (!"private".equals(asked)) {
      throw new ApiException(400, "bad_part", "part is 'public' or 'private', not '" + asked + "'");
    }
    if (!phase.privateRevealedAt(clock.instant())) {
      throw new ApiException(403, "not_revealed", phase.revealPrivateAt() == null
          ? "the private leaderboard of phase " + phase.name() + " is not revealed"
          : "the private leaderboard of phase " + phase.name() + " is revealed at " + phase.revealPrivateAt());
    }
    return Part.PRIVATE;
  }

  private static void send(RoutingContext ctx, BoardView view) {
    HttpServerResponse response = ctx.response().putHeader(HttpHeaders.ETAG, view.etag());
    if (!response.headers().contains(HttpHeaders.CACHE_CONTROL)) {
      response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache"); // public, but always revalidated: it changes live
    }
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), view.etag())) {
      response.setStatusCode(304).end();
      return;
    }
    response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(view.json());
  }

  /** RFC 9110's weak comparison for {@code If-None-Match}: a list of tags, {@code W/} ignored, or {@code *}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** {@code GET /api/challenges/:slug/events}: server-sent events, {@code event: board} per change. */
  void events(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold events back
    response.write(": listening to " + c.slug() + "\n\n");
    Set<HttpServerResponse> audience = streams.computeIfAbsent(c.slug(), s -> ConcurrentHashMap.newKeySet());
    audience.add(response);
    response.closeHandler(v -> audience.remove(response));
  }

  /** Tells the challenge's spectators of a change; a private part only once it is revealed. */
  private void tell(BoardStore.Change change) {
    Set<HttpServerResponse> audience = streams.get(change.challenge());
    if (audience == null || audience.isEmpty()) {
      return;
    }
    Phase phase = challenges.find(change.challenge()).flatMap(c -> c.phase(change.phase())).orElse(null);
    if (phase == null) {
      return;
    }
    StringBuilder message = new StringBuilder();
    for (Part part : Part.values()) {
      if (part == Part.PRIVATE && !phase.privateRevealedAt(clock.instant())) {
        continue;
      }
      message.append("event: board\ndata: ").append(new JsonObject().put("challenge", change.challenge())
          .put("phase", change.phase()).put("part", part.label()).put("version", change.version())
          .put("etag", change.etags().get(part)).encode()).append("\n\n");
      // a multi-site challenge: each board's own tag, so a page showing a site's board knows when it changed
      change.sites().forEach((site, etags) -> message.append("event: board\ndata: ").append(new JsonObject()
          .put("challenge", change.challenge()).put("phase", change.phase()).put("part", part.label())
          .put("site", site).put("version", change.version()).put("etag", etags.get(part)).encode())
          .append("\n\n"));
    }
    Buffer bytes = Buffer.buffer(message.toString());
    for (HttpServerResponse response : audience) {
      if (response.writeQueueFull()) {
        // a spectator that does not read: drop it (its browser reconnects and fetches the board)
        audience.remove(response);
        response.reset();
      } else {
        response.write(bytes);
      }
    }
  }
}
