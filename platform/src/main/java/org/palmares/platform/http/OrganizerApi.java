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
    router.post("/api/challenges").handler(ctx -> installBundle(ctx, null));
    router.put("/api/challenges/:slug").handler(ctx -> installBundle(ctx, ctx.pathParam("slug")));
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
      services.organizers().mayInstall(organizer, slug);
      return new Uploads.Admitted<>(organizer, blobs.newIncomingFile());
    }).compose(admitted -> {
      Account organizer = admitted.who();
      Path upload = admitted.upload();
      return uploads.receiveInto(req, upload)
          .compose(sha256 -> blocking(vertx, () -> services.organizers().install(organizer, slug, upload, sha256)))
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

  /**
   * A page of the submissions to a phase ({@code ?phase=}, default the current one), newest first,
   * as organizers see them; {@code next} is the {@code ?before=} of the next page (null on the last).
   */
  private void organizerSubmissions(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    Phase phase = Edge.phase(ctx, c, clock.instant());
    String before = Edge.before(ctx);
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      JsonArray list = new JsonArray();
      var page = services.organizers().submissions(callers.account(token), c, phase, before);
      page.submissions().forEach(s -> list.add(JsonViews.organizerSubmission(s)));
      return new JsonObject().put("challenge", c.slug()).put("phase", phase.name()).put("submissions", list)
          .put("next", page.next());
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, challenges);
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      JsonArray entries = JsonViews.audit(services.organizers().audit(callers.account(token), c));
      return new JsonObject().put("challenge", c.slug()).put("entries", entries);
    }).onSuccess(body -> Edge.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Body {@code {"reason": "..."}}: the submission leaves every leaderboard; the reason is recorded. */
  private void disqualify(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      Account organizer = callers.account(token);
      services.organizers().submission(organizer, id); // who may, before what the body says
      String reason = RequestBody.DISQUALIFY.read(ctx).getString("reason");
      return JsonViews.organizerSubmission(services.organizers().disqualify(organizer, id, reason));
    }).onSuccess(b -> Edge.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** Runs a finished submission again under its phase's current settings (explicit rescoring). */
  private void rerun(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> JsonViews.organizerSubmission(services.organizers().rerun(callers.account(token), id)))
        .onSuccess(b -> Edge.json(ctx, 202, b)).onFailure(ctx::fail);
  }

}
