package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.evaluation.RecordExport;
import org.palmares.platform.leaderboard.Leaderboard;
import org.palmares.platform.leaderboard.LeaderboardService.Part;
import org.palmares.platform.organizer.OrganizerException;

/**
 * A phase's signed records as an export ({@link RecordExport}), for {@code palmares verify}. A
 * record signs the private part's scores too, so the export is public only once the phase's
 * private board is revealed; the challenge's organizers may take it at any time.
 */
final class RecordRoutes {
  private final Vertx vertx;
  private final Services services;
  private final Callers callers;
  private final ChallengeCatalog challenges;

  RecordRoutes(Vertx vertx, Services services, Callers callers) {
    this.vertx = vertx;
    this.services = services;
    this.callers = callers;
    this.challenges = services.challenges();
  }

  void mount(Router router) {
    router.get("/api/challenges/:slug/phases/:phase/records").handler(this::published);
    router.get("/api/organizer/challenges/:slug/phases/:phase/records").handler(this::forOrganizers);
  }

  /** {@code GET /api/challenges/:slug/phases/:phase/records}: anyone, once the private board is revealed. */
  private void published(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Phase phase = phase(ctx, c);
    if (!phase.privateRevealedAt(services.clock().instant())) {
      throw new ApiException(403, "not_revealed", "the signed records of phase " + phase.name() + " hold its private "
          + "scores, so they are published when its private leaderboard is revealed"
          + (phase.revealPrivateAt() == null ? "" : " (" + phase.revealPrivateAt() + ")")
          + "; the challenge's organizers can read them before");
    }
    blocking(vertx, () -> export(c, phase)).onSuccess(body -> send(ctx, body, c, phase)).onFailure(ctx::fail);
  }

  /** {@code GET /api/organizer/challenges/:slug/phases/:phase/records}: the challenge's organizers, at any time. */
  private void forOrganizers(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Phase phase = phase(ctx, c);
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      if (!callers.account(token).manages(c.slug())) {
        throw new OrganizerException(OrganizerException.Reason.NOT_ORGANIZER, "you do not organize challenge " + c.slug());
      }
      return export(c, phase);
    }).onSuccess(body -> send(ctx, body, c, phase)).onFailure(ctx::fail);
  }

  /**
   * Both parts' boards, each site's for a multi-site phase: whoever may read the records may read the
   * private scores they sign.
   */
  private String export(Challenge c, Phase phase) {
    List<Leaderboard> boards = new ArrayList<>();
    // a multi-site phase's figures are each site's (its records sign them); the pooled board is derived from them
    for (String site : c.multiSite() ? c.siteNames() : java.util.Collections.<String>singletonList(null)) {
      for (Part part : Part.values()) {
        boards.add(site == null ? services.leaderboards().of(c, phase, part)
            : services.leaderboards().of(c, phase, part, site));
      }
    }
    return RecordExport.of(c.slug(), phase.name(), services.resultRecords().ofPhase(c.slug(), phase.name()),
        services.evaluatorCredentials().keysServing(c.slug()), boards, services.clock().instant()).toPrettyString();
  }

  private static void send(RoutingContext ctx, String body, Challenge c, Phase phase) {
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Content-Disposition", "attachment; filename=\"" + c.slug() + "-" + phase.name() + "-records.json\"")
        .end(body);
  }

  private static Phase phase(RoutingContext ctx, Challenge c) {
    String name = ctx.pathParam("phase");
    return c.phase(name).orElseThrow(() -> ApiException.notFound("challenge " + c.slug() + " has no phase " + name)
        .localized("error.no-phase", c.slug(), name));
  }
}
