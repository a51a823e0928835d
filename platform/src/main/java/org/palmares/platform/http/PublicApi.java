package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Context;
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
  /** The boards as bytes with their tags, and their live events. */
  private final LeaderboardRoutes boards;

  PublicApi(Vertx vertx, Context context, Services services) {
    this.vertx = vertx;
    this.challenges = services.challenges();
    this.boards = new LeaderboardRoutes(vertx, context, challenges, services.leaderboards(), services.clock());
  }

  void mount(Router router) {
    router.get("/api/health").handler(this::health);
    router.get("/api/challenges").handler(this::listChallenges);
    router.get("/api/challenges/:slug").handler(this::getChallenge);
    router.get("/api/challenges/:slug/leaderboard").handler(boards::board);
    router.get("/api/challenges/:slug/events").handler(boards::events);
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
}
