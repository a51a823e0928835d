package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.LeaderboardService;

/** The API anyone may read, no account needed: health, challenges, leaderboards and their live events. */
final class PublicApi {
  private final Vertx vertx;
  private final ChallengeCatalog challenges;
  private final LeaderboardService leaderboards;
  private final Clock clock;

  PublicApi(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.challenges = services.challenges();
    this.leaderboards = services.leaderboards();
    this.clock = services.clock();
  }

  void mount(Router router) {
    router.get("/api/health").handler(this::health);
    router.get("/api/challenges").handler(this::listChallenges);
    router.get("/api/challenges/:slug").handler(this::getChallenge);
    router.get("/api/challenges/:slug/leaderboard").handler(this::getLeaderboard);
    router.get("/api/challenges/:slug/events").handler(this::leaderboardEvents);
  }

  private void health(RoutingContext ctx) {
    Edge.json(ctx, 200, new JsonObject().put("status", "ok").put("challenges", challenges.all().size()));
  }

  private void listChallenges(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    challenges.all().forEach(c -> list.add(JsonViews.challenge(c)));
    Edge.json(ctx, 200, new JsonObject().put("challenges", list));
  }

  private void getChallenge(RoutingContext ctx) {
    Edge.json(ctx, 200, JsonViews.challenge(Edge.challenge(ctx, challenges)));
  }

  /** {@code ?phase=} (default: the current phase) and {@code ?part=private} once the phase reveals it. */
  private void getLeaderboard(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Phase phase = Edge.phase(ctx, c, clock.instant());
    boolean wantsPrivate = "private".equals(ctx.request().getParam("part"));
    if (wantsPrivate && !phase.privateRevealedAt(clock.instant())) {
      throw new ApiException(403, "not_revealed", phase.revealPrivateAt() == null
          ? "the private leaderboard of phase " + phase.name() + " is not revealed"
          : "the private leaderboard of phase " + phase.name() + " is revealed at " + phase.revealPrivateAt());
    }
    LeaderboardService.Part part = wantsPrivate ? LeaderboardService.Part.PRIVATE : LeaderboardService.Part.PUBLIC;
    blocking(vertx, () -> leaderboards.of(c, phase, part))
        .onSuccess(board -> Edge.json(ctx, 200, JsonViews.leaderboard(board)))
        .onFailure(ctx::fail);
  }

  /**
   * Server-sent events: {@code event: leaderboard} each time one of the challenge's leaderboards
   * may have changed (a submission scored or disqualified), so pages update without polling.
   */
  private void leaderboardEvents(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    var response = ctx.response().setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.write(": listening to " + c.slug() + "\n\n");
    var consumer = vertx.eventBus().<String>consumer(PlatformVerticle.LEADERBOARD_ADDRESS + c.slug(),
        m -> response.write("event: leaderboard\ndata: {\"challenge\":\"" + c.slug() + "\"}\n\n"));
    long keepAlive = vertx.setPeriodic(25_000, id -> response.write(": keep-alive\n\n"));
    response.closeHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(keepAlive);
    });
  }

}
