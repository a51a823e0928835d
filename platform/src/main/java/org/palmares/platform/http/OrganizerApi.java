package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.palmares.platform.account.Account;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.ChallengeVersion;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionService;

/**
 * The API of organizers and admins, by personal access token: publishing and updating challenges,
 * every submission of their challenges, disqualifying and re-running, the audit logs, appointing
 * organizers.
 */
final class OrganizerApi {
  private final Vertx vertx;
  private final Services services;
  private final ChallengeCatalog challenges;
  private final SubmissionService submissions;
  private final BlobStore blobs;
  private final Clock clock;
  private final Callers callers;
  private final Uploads uploads;
  private final AccountApi accountApi;

  OrganizerApi(Vertx vertx, Services services, Callers callers, Uploads uploads, AccountApi accountApi) {
    this.vertx = vertx;
    this.services = services;
    this.challenges = services.challenges();
    this.submissions = services.submissions();
    this.blobs = services.blobs();
    this.clock = services.clock();
    this.callers = callers;
    this.uploads = uploads;
    this.accountApi = accountApi;
  }

  void mount(Router router, Guards guards) {
    router.put("/api/admin/challenges/:slug/organizers/:email").handler(ctx -> accountApi.setOrganizer(ctx, true));
    router.delete("/api/admin/challenges/:slug/organizers/:email").handler(ctx -> accountApi.setOrganizer(ctx, false));
    router.get("/api/admin/audit").handler(accountApi::platformAudit);
    router.post("/api/challenges").handler(guards.uploads()).handler(ctx -> installBundle(ctx, null));
    router.put("/api/challenges/:slug").handler(guards.uploads()).handler(ctx -> installBundle(ctx, ctx.pathParam("slug")));
    router.get("/api/challenges/:slug/versions").handler(this::listVersions);
    router.get("/api/organizer/challenges/:slug/submissions").handler(this::organizerSubmissions);
    router.get("/api/organizer/challenges/:slug/audit").handler(this::auditLog);
    router.post("/api/organizer/submissions/:id/disqualify").handler(guards.small()).handler(this::disqualify);
    router.post("/api/organizer/submissions/:id/rerun").handler(this::rerun);
  }

  /**
   * Creates ({@code slug} null) or updates a challenge from a bundle archive sent by an organizer,
   * streamed to disk like an image.
   */
  private void installBundle(RoutingContext ctx, String slug) {
    HttpServerRequest req = ctx.request();
    req.pause();
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account organizer = callers.account(token);
      if (slug == null && !organizer.admin()) {
        throw new ApiException(403, "forbidden", "only platform admins create challenges");
      }
      if (slug != null && !organizer.manages(slug)) {
        throw new ApiException(403, "forbidden", "you do not organize challenge " + slug);
      }
      return new Uploads.Admitted<>(organizer, blobs.newIncomingFile());
    }).compose(admitted -> {
      Account organizer = admitted.who();
      Path upload = admitted.upload();
      return uploads.receiveInto(req, upload)
          .compose(sha256 -> blocking(vertx, () -> {
            ChallengeVersion version = services.challengeService().install(slug, upload, sha256, organizer);
            services.audit().record(version.slug(), organizer.label(), slug == null ? "create challenge" : "update challenge",
                "version " + version.version(), "archive sha256 " + sha256);
            if (slug == null) {
              services.accounts().grantOrganizer(organizer.id(), version.slug());
            }
            blobs.adopt(upload, sha256); // every version's archive is kept
            return version;
          }))
          .onFailure(e -> vertx.executeBlocking(() -> Files.deleteIfExists(upload)));
    }).onSuccess(v -> Edge.json(ctx, slug == null ? 201 : 200, new JsonObject().put("slug", v.slug())
        .put("version", v.version()).put("archiveSha256", v.archiveSha256()).put("by", v.by())
        .put("at", v.at().toString()).put("links", new JsonObject().put("challenge", "/api/challenges/" + v.slug()))))
        .onFailure(ctx::fail);
  }

  private void listVersions(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account organizer = callers.account(token);
      if (!organizer.manages(c.slug())) {
        throw new ApiException(403, "forbidden", "you do not organize challenge " + c.slug());
      }
      JsonArray list = new JsonArray();
      services.challengeService().versions(c.slug()).forEach(v -> list.add(new JsonObject().put("version", v.version())
          .put("archiveSha256", v.archiveSha256()).put("by", v.by()).put("at", v.at().toString())));
      return new JsonObject().put("slug", c.slug()).put("versions", list);
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Every submission to a phase ({@code ?phase=}, default the current one), as organizers see them. */
  private void organizerSubmissions(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Phase phase = Edge.phase(ctx, c, clock.instant());
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      organizerOf(token, c.slug());
      JsonArray list = new JsonArray();
      submissions.ofPhase(c.slug(), phase.name()).forEach(s -> list.add(JsonViews.organizerSubmission(s)));
      return new JsonObject().put("challenge", c.slug()).put("phase", phase.name()).put("submissions", list);
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      organizerOf(token, c.slug());
      JsonArray entries = JsonViews.audit(services.audit().of(c.slug()));
      return new JsonObject().put("challenge", c.slug()).put("entries", entries);
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Body {@code {"reason": "..."}}: the submission leaves every leaderboard; the reason is recorded. */
  private void disqualify(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      Account organizer = callers.account(token);
      Submission s = submissions.find(id).orElseThrow(() -> ApiException.notFound("no submission " + id));
      organizerOf(organizer, s.challenge());
      String reason = RequestBody.DISQUALIFY.read(ctx).getString("reason");
      if (reason == null || reason.isBlank() || reason.length() > 1000) {
        throw new ApiException(400, "reason_required", "say why, in \"reason\" (at most 1000 characters)");
      }
      submissions.disqualify(id, reason);
      services.audit().record(s.challenge(), organizer.label(), "disqualify", id, reason);
      return JsonViews.organizerSubmission(submissions.find(id).orElseThrow());
    }).onSuccess(b -> Edge.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** Runs a finished submission again under its phase's current settings (explicit rescoring). */
  private void rerun(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      Account organizer = callers.account(token);
      Submission s = submissions.find(id).orElseThrow(() -> ApiException.notFound("no submission " + id));
      organizerOf(organizer, s.challenge());
      Challenge c = challenges.find(s.challenge()).orElseThrow();
      Phase phase = c.phase(s.phase()).orElseThrow(() -> new ApiException(409, "phase_gone",
          "phase " + s.phase() + " no longer exists in the challenge"));
      if (!submissions.rerun(id, c.evaluationSpec(phase))) {
        throw new ApiException(409, "not_finished", "submission " + id + " is " + s.status()
            + "; only a scored or failed submission can be run again");
      }
      services.audit().record(s.challenge(), organizer.label(), "rerun", id, "under phase " + phase.name() + "'s current settings");
      return JsonViews.organizerSubmission(submissions.find(id).orElseThrow());
    }).onSuccess(b -> Edge.json(ctx, 202, b)).onFailure(ctx::fail);
  }

  /** Blocking: the account holding {@code token}, who must manage {@code slug}. */
  private Account organizerOf(String token, String slug) {
    return organizerOf(callers.account(token), slug);
  }

  private static Account organizerOf(Account organizer, String slug) {
    if (!organizer.manages(slug)) {
      throw new ApiException(403, "forbidden", "you do not organize challenge " + slug);
    }
    return organizer;
  }

}
