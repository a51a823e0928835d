package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.palmares.platform.account.Account;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.team.Team;

/**
 * The API of competitors, by personal access token: taking part (rules, team) and submitting
 * image archives, then following one's team's submissions.
 */
final class CompetitorApi {
  private final Vertx vertx;
  private final Services services;
  private final ChallengeCatalog challenges;
  private final SubmissionService submissions;
  private final BlobStore blobs;
  private final Callers callers;
  private final Uploads uploads;
  private final WorkerExecutor inspections;
  private final TeamApi teamApi;

  CompetitorApi(Vertx vertx, Services services, Callers callers, Uploads uploads, WorkerExecutor inspections) {
    this.vertx = vertx;
    this.services = services;
    this.challenges = services.challenges();
    this.submissions = services.submissions();
    this.blobs = services.blobs();
    this.callers = callers;
    this.uploads = uploads;
    this.inspections = inspections;
    this.teamApi = new TeamApi(vertx, services, callers);
  }

  void mount(Router router, Guards guards) {
    router.post("/api/challenges/:slug/submissions").handler(this::submit);
    router.get("/api/challenges/:slug/submissions").handler(this::listTeamSubmissions);
    router.get("/api/submissions/:id").handler(this::getSubmission);
    router.post("/api/challenges/:slug/rules/acceptance").handler(guards.small()).handler(teamApi::acceptRules);
    router.post("/api/challenges/:slug/teams").handler(guards.small()).handler(teamApi::create);
    router.get("/api/challenges/:slug/team").handler(teamApi::mine);
    router.post("/api/challenges/:slug/team/invitations").handler(teamApi::invite);
    router.post("/api/challenges/:slug/team/join").handler(guards.small()).handler(teamApi::join);
    router.post("/api/challenges/:slug/team/leave").handler(teamApi::leave);
  }

  private void listTeamSubmissions(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account who = callers.account(token);
      Team team = services.teamService().teamOf(who, c).orElseThrow(() -> new ApiException(403, "not_in_team",
          "you are not in a team of challenge " + c.slug()));
      JsonArray list = new JsonArray();
      submissions.ofTeam(c.slug(), team.id())
          .forEach(s -> list.add(JsonViews.submission(s, c.phase(s.phase()).orElse(null))));
      return new JsonObject().put("team", team.name()).put("submissions", list);
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void getSubmission(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account who = callers.account(token);
      Submission s = submissions.find(id).orElse(null);
      // Another team's submission answers exactly like a missing one: ids are not an oracle.
      Team team = s == null ? null : services.teams().find(s.teamId()).orElse(null);
      if (team == null || !team.hasMember(who.id())) {
        throw ApiException.notFound("no submission " + id + " for your team");
      }
      Phase phase = challenges.find(s.challenge()).flatMap(c -> c.phase(s.phase())).orElse(null);
      return JsonViews.submission(s, phase);
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /**
   * Streams the image archive to a temporary file while hashing it (never holding it in memory),
   * enforcing the size cap as bytes arrive, then checks it and queues the submission.
   */
  private void submit(RoutingContext ctx) {
    ctx.request().pause();
    String token = Callers.bearer(ctx);
    submit(ctx, () -> callers.account(token));
  }

  /**
   * The upload of an image archive by {@code member} (blocking: who holds the token, or the
   * session of the browser upload): the same checks, refusals and streaming for both.
   */
  void submit(RoutingContext ctx, java.util.concurrent.Callable<Account> member) {
    HttpServerRequest req = ctx.request();
    req.pause();
    Challenge c = Edge.challenge(ctx, challenges);
    String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    String requestedPhase = req.getParam("phase");
    if (declared != null && Edge.parseLong(declared) > uploads.maxUploadBytes()) {
      throw uploads.tooLarge();
    }
    blocking(vertx, () -> {
      Account who = member.call();
      Team team = services.teamService().submittingTeam(who, c);
      // Refuse before reading the body: outside the phase windows, over quota, or too large.
      // The quota slot is taken now, atomically, and given back if no submission comes of it.
      SubmissionService.Reservation reservation = submissions.reserve(c, requestedPhase, team, who.label());
      Phase phase = reservation.phase();
      if (declared != null && phase.maxImageMiB() != null && Edge.parseLong(declared) > phase.maxImageMiB() * 1024 * 1024) {
        submissions.release(reservation);
        throw new ApiException(413, "upload_too_large", "phase " + phase.name() + " accepts image archives of at most "
            + phase.maxImageMiB() + " MiB").localized("refusal.image.maxImageMiB", phase.name(), phase.maxImageMiB());
      }
      try {
        return new Uploads.Admitted<>(reservation, blobs.newIncomingFile());
      } catch (java.io.IOException | RuntimeException e) {
        submissions.release(reservation); // e.g. the disk is full: no upload, so no slot taken
        throw e;
      }
    }).compose(admitted -> {
      SubmissionService.Reservation reservation = admitted.who();
      Path upload = admitted.upload();
      if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
        // curl asks before sending large bodies; say yes only once the token and the quota checked out
        ctx.response().writeContinue();
      }
      return uploads.receiveInto(req, upload)
          .compose(sha256 -> inspections.executeBlocking(() -> submissions.submit(reservation, upload, sha256), false))
          .onFailure(e -> vertx.executeBlocking(() -> {
            // the file first: if the database is away, release throws and reconciliation returns the slot later
            Files.deleteIfExists(upload);
            submissions.release(reservation);
            return null;
          }));
    }).onSuccess(s -> {
      ctx.response().putHeader(HttpHeaders.LOCATION, "/api/submissions/" + s.id());
      Edge.json(ctx, 202, JsonViews.submission(s, c.phase(s.phase()).orElse(null)));
    }).onFailure(ctx::fail);
  }

}
