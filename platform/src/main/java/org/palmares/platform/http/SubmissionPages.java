package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.team.Team;
import org.palmares.platform.web.Language;
import org.palmares.platform.web.SubmissionView;
import org.palmares.platform.web.Templates;

/**
 * A team's submissions on the site, by session: the list (also as JSON with an ETag, which the
 * page polls to update statuses in place), a page per submission, and the upload from the
 * browser, streamed like the API's (the same checks and refusals, through {@link CompetitorApi}).
 */
final class SubmissionPages {
  private final Vertx vertx;
  private final Services services;
  private final ChallengeCatalog challenges;
  private final Callers callers;
  private final CompetitorApi competitorApi;
  private final long maxUploadBytes;

  SubmissionPages(Vertx vertx, Services services, Callers callers, CompetitorApi competitorApi, long maxUploadBytes) {
    this.vertx = vertx;
    this.services = services;
    this.challenges = services.challenges();
    this.callers = callers;
    this.competitorApi = competitorApi;
    this.maxUploadBytes = maxUploadBytes;
  }

  void mount(Router router, Guards guards) {
    router.get("/challenges/:slug/submissions").handler(this::list);
    router.post("/challenges/:slug/submissions").handler(guards.uploads()).handler(this::upload);
    router.get("/submissions/:id").handler(this::one);
  }

  /** What a page of someone logged in needs: their session, and their team in the challenge. */
  private record Member(Sessions.Session session, Team team) {}

  /** Blocking: the session and team of the reader; 401 when not logged in, 403 when in no team of {@code c}. */
  private Member member(RoutingContext ctx, Challenge c) {
    Sessions.Session session = callers.session(ctx).orElseThrow(Callers::notLoggedIn);
    Team team = services.teamService().teamOf(session.account(), c).orElseThrow(() -> new ApiException(403,
        "not_in_team", "you are not in a team of challenge " + c.slug()).localized("error.not-in-team", c.slug()));
    return new Member(session, team);
  }

  private static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  private void list(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    boolean json = wantsJson(ctx);
    if (!json && callersCookieMissing(ctx)) {
      Edge.redirect(ctx, "/login?next=/challenges/" + c.slug() + "/submissions");
      return;
    }
    Language language = Readers.language(ctx);
    blocking(vertx, () -> {
      Member m = member(ctx, c);
      List<Submission> mine = services.submissions().ofTeam(c.slug(), m.team().id());
      if (json) {
        JsonArray list = new JsonArray();
        org.palmares.platform.web.Messages messages = org.palmares.platform.web.Messages.of(language);
        for (Submission s : mine) { // with the page's own texts, in the reader's language
          Phase phase = c.phase(s.phase()).orElse(null);
          list.add(JsonViews.submission(s, phase).put("statusText", messages.t("status." + s.status().name()))
              .put("outcomeText", SubmissionView.of(s, phase, language).message()));
        }
        return Buffer.buffer(new JsonObject().put("team", m.team().name()).put("submissions", list).encode());
      }
      List<SubmissionView> views = mine.stream().sorted(java.util.Comparator.comparing(Submission::createdAt).reversed())
          .map(s -> SubmissionView.of(s, c.phase(s.phase()).orElse(null), language)).toList();
      List<Phase> open = c.phases().stream().filter(p -> p.isOpenAt(services.clock().instant())).toList();
      return Templates.render("submissions.jte", Readers.page(ctx, m.session()), "c", c, "team", m.team().name(),
          "submissions", views, "openPhases", open, "maxUploadBytes", maxUploadBytes);
    }).onSuccess(body -> {
      if (json) {
        jsonWithEtag(ctx, body);
      } else {
        Edge.html(ctx, 200, body);
      }
    }).onFailure(ctx::fail);
  }

  /** JSON that the page polls: a strong ETag of the bytes, 304 when the poller has them already. */
  private static void jsonWithEtag(RoutingContext ctx, Buffer body) {
    String etag = "\"" + DigestUtils.sha256Hex(body.getBytes()).substring(0, 32) + "\"";
    ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, private");
    if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      ctx.response().setStatusCode(304).end();
    } else {
      ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, Edge.JSON).end(body);
    }
  }

  private static boolean callersCookieMissing(RoutingContext ctx) {
    return ctx.request().getCookie(Callers.SESSION_COOKIE) == null;
  }

  /** The browser's upload: the session and its CSRF header instead of a token; the body streamed as the API does. */
  private void upload(RoutingContext ctx) {
    ctx.request().pause();
    competitorApi.submit(ctx, () -> callers.sessionOfScript(ctx).account());
  }

  private void one(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Language language = Readers.language(ctx);
    if (callersCookieMissing(ctx)) {
      Edge.redirect(ctx, "/login?next=/submissions/" + id);
      return;
    }
    blocking(vertx, () -> {
      Sessions.Session session = callers.session(ctx).orElseThrow(Callers::notLoggedIn);
      Submission s = services.submissions().find(id).orElse(null);
      // another team's submission answers exactly like a missing one: ids are not an oracle
      Team team = s == null ? null : services.teams().find(s.teamId()).orElse(null);
      if (team == null || !team.hasMember(session.account().id())) {
        throw ApiException.notFound("no submission " + id + " for your team").localized("error.no-submission", id);
      }
      Phase phase = challenges.find(s.challenge()).flatMap(c -> c.phase(s.phase())).orElse(null);
      return Templates.render("submission.jte", Readers.page(ctx, session), "s", SubmissionView.of(s, phase, language),
          "team", team.name());
    }).onSuccess(body -> Edge.html(ctx, 200, body)).onFailure(ctx::fail);
  }
}
