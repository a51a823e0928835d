package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;
import static org.palmares.platform.http.Edge.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;
import org.palmares.platform.account.Account;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamService;

/** Taking part over the API: accept the rules, create a team, invite, join, leave, see one's team. */
final class TeamApi {
  private final Vertx vertx;
  private final Services s;
  private final Callers callers;

  TeamApi(Vertx vertx, Services services, Callers callers) {
    this.vertx = vertx;
    this.s = services;
    this.callers = callers;
  }

  /** Body {@code {"version": n}}: the version of the rules read and accepted. */
  void acceptRules(RoutingContext ctx) {
    asMember(ctx, (who, c) -> {
      long v = RequestBody.RULES.read(ctx).getLong("version");
      if (v != (int) v) {
        throw new ApiException(400, "invalid_request", "say which version of the rules you accept: {\"version\": n}");
      }
      var accepted = s.teamService().acceptRules(who, c, (int) v);
      return new JsonObject().put("challenge", c.slug()).put("version", accepted.version())
          .put("acceptedAt", accepted.at().toString());
    }, 201);
  }

  /** Body {@code {"name": "..."}}: a new team with the caller as its first member. */
  void create(RoutingContext ctx) {
    asMember(ctx, (who, c) -> view(s.teamService().create(who, c, RequestBody.TEAM.read(ctx).getString("name")), c), 201);
  }

  void mine(RoutingContext ctx) {
    asMember(ctx, (who, c) -> view(s.teamService().teamOf(who, c).orElseThrow(() -> ApiException.notFound(
        "you are not in a team of challenge " + c.slug())), c), 200);
  }

  /** A one-time code for one more member, shown once. */
  void invite(RoutingContext ctx) {
    asMember(ctx, (who, c) -> new JsonObject().put("code", s.teamService().invite(who, c))
        .put("expiresAt", s.clock().instant().plus(TeamService.INVITATION_LIFETIME).toString())
        .put("note", "give this code to one person; it works once"), 201);
  }

  /** Body {@code {"code": "..."}}. */
  void join(RoutingContext ctx) {
    asMember(ctx, (who, c) -> view(s.teamService().join(who, c, RequestBody.JOIN.read(ctx).getString("code")), c), 200);
  }

  void leave(RoutingContext ctx) {
    asMember(ctx, (who, c) -> {
      s.teamService().leave(who, c);
      return new JsonObject().put("challenge", c.slug()).put("team", (String) null);
    }, 200);
  }

  private JsonObject view(Team team, Challenge c) {
    return JsonViews.team(team, s.accounts().names(team.members()), c.maxTeamSize());
  }

  /** Authenticates first (an anonymous caller learns nothing of the body's checks), then acts, off the event loop. */
  private void asMember(RoutingContext ctx, BiFunction<Account, Challenge, JsonObject> action, int status) {
    String token = Callers.bearer(ctx);
    Challenge c = Edge.challenge(ctx, s.challenges());
    blocking(vertx, () -> action.apply(callers.account(token), c))
        .onSuccess(b -> json(ctx, status, b)).onFailure(ctx::fail);
  }
}
