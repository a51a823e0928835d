package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.DataDictionary;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.leaderboard.LeaderboardService;
import org.palmares.platform.team.Team;
import org.palmares.platform.web.ChallengePage;
import org.palmares.platform.web.Page;
import org.palmares.platform.web.TakePart;
import org.palmares.platform.web.Templates;

/**
 * The site's pages about challenges: the list, a challenge's page with its sections (overview,
 * data, evaluation, rules, timeline, leaderboard, my team), its public files, the "take part"
 * forms, and the static assets (ours and the WebJars' chart library, from the jar).
 */
final class SitePages {
  private final Vertx vertx;
  private final Services services;
  private final ChallengeCatalog challenges;
  private final BoardStore leaderboards;
  private final Clock clock;
  private final Callers callers;
  private final AccountPages accountPages;

  SitePages(Vertx vertx, Services services, Callers callers, AccountPages accountPages) {
    this.vertx = vertx;
    this.services = services;
    this.challenges = services.challenges();
    this.leaderboards = services.leaderboards();
    this.clock = services.clock();
    this.callers = callers;
    this.accountPages = accountPages;
  }

  void mount(Router router, Guards guards) {
    router.get("/").handler(this::challengeList);
    router.get("/challenges/:slug").handler(this::challenge);
    router.get("/challenges/:slug/files/*").handler(this::publicFile);
    router.post("/challenges/:slug/rules").handler(guards.small()).handler(accountPages::acceptRules);
    router.post("/challenges/:slug/team").handler(guards.small()).handler(accountPages::createTeam);
    router.post("/challenges/:slug/team/join").handler(guards.small()).handler(accountPages::joinTeam);
    router.post("/challenges/:slug/team/leave").handler(guards.small()).handler(accountPages::leaveTeam);
    router.post("/challenges/:slug/team/invitations").handler(guards.small()).handler(accountPages::invite);
    router.get("/assets/*").handler(StaticHandler.create("webroot/assets"));
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
  }

  private void challengeList(RoutingContext ctx) {
    blocking(vertx, () -> {
      Page page = Readers.page(ctx, callers.session(ctx).orElse(null));
      return Templates.render("challenges.jte", page, "challenges", challenges.all());
    }).onSuccess(body -> Edge.html(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void challenge(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Instant now = clock.instant();
    Phase phase = Edge.phase(ctx, c, now);
    String site = Edge.site(ctx, c);
    blocking(vertx, () -> {
      Sessions.Session session = callers.session(ctx).orElse(null);
      ChallengePage model = new ChallengePage(c, phase, now,
          leaderboards.of(c, phase, LeaderboardService.Part.PUBLIC, site),
          phase.privateRevealedAt(now) ? leaderboards.of(c, phase, LeaderboardService.Part.PRIVATE, site) : null,
          takePart(session, c), Edge.origin(ctx), challenges.readme(c).orElse(null), files(c),
          leaderboards.history(c, phase));
      return Templates.render("challenge.jte", Readers.page(ctx, session), "c", model);
    }).onSuccess(body -> Edge.html(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Blocking: the public files of {@code c}, with their sizes. */
  private java.util.List<ChallengePage.PublicFile> files(Challenge c) throws java.io.IOException {
    java.util.List<ChallengePage.PublicFile> out = new java.util.ArrayList<>();
    for (String f : c.data().publicFiles()) {
      Path p = challenges.publicFile(c, f).orElse(null);
      boolean there = p != null && Files.isRegularFile(p);
      out.add(new ChallengePage.PublicFile(f, there ? Files.size(p) : -1,
          there ? DataDictionary.of(p).orElse(java.util.List.of()) : java.util.List.of()));
    }
    return out;
  }

  /** Blocking: the "take part" panel for {@code session}'s person (null: not logged in). */
  private TakePart takePart(Sessions.Session session, Challenge c) {
    int version = c.rules() == null ? 0 : c.rules().version();
    if (session == null) {
      return new TakePart(TakePart.Step.LOG_IN, null, null, version, null);
    }
    Account who = session.account();
    if (who.manages(c.slug())) {
      return new TakePart(TakePart.Step.ORGANIZER, session.csrf(), session.flash(), version, null);
    }
    if (services.teamService().acceptance(who, c).isEmpty()) {
      return new TakePart(TakePart.Step.ACCEPT_RULES, session.csrf(), session.flash(), version, null);
    }
    Team team = services.teamService().teamOf(who, c).orElse(null);
    if (team == null) {
      return new TakePart(TakePart.Step.FORM_TEAM, session.csrf(), session.flash(), version, null);
    }
    return new TakePart(TakePart.Step.IN_TEAM, session.csrf(), session.flash(), version,
        new TakePart.TeamView(team.name(), services.accounts().names(team.members()), c.maxTeamSize()));
  }

  /** A file the bundle publishes, as a download. */
  private void publicFile(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    String relative = ctx.pathParam("*");
    Path file = challenges.publicFile(c, relative).orElse(null);
    if (file == null || !Files.isRegularFile(file)) {
      throw ApiException.notFound("challenge " + c.slug() + " has no public file " + relative)
          .localized("error.no-file", c.slug(), relative);
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, relative.endsWith(".csv") ? "text/csv" : "application/octet-stream")
        .putHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
        .sendFile(file.toString());
  }
}
