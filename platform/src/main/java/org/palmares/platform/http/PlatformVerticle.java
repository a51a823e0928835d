package org.palmares.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.evaluator.sandbox.ImageArchive;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountException;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.challenge.BundleArchive;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.ChallengeChangeRefusedException;
import org.palmares.platform.challenge.ChallengeVersion;
import org.palmares.platform.challenge.InvalidChallengeException;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.LeaderboardService;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRefusedException;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: REST API under /api, pages for spectators, public challenge files. */
public final class PlatformVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformVerticle.class);
  private static final String JSON = "application/json; charset=utf-8";
  /** On every answer, routed or refused before routing: our own resources only, never in a frame. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
  /** Event-bus address (plus the slug) on which leaderboard changes are published. */
  private static final String LEADERBOARD_ADDRESS = "palmares.leaderboard.";
  private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(5);
  /**
   * Image archives inspected at once. Inspection streams (bounded memory) but decompresses every
   * layer, seconds of CPU for a large image: on a pool of their own, uploads queue behind one
   * another instead of taking the worker threads every database-backed request needs.
   */
  private static final int INSPECTIONS_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  /** Image and bundle uploads per client address: far above any quota, far below a flood. */
  private static final long UPLOADS_PER_HOUR = 120;
  /** API requests per client address (evaluators polling, pages refreshing, scripts). */
  private static final long READS_PER_MINUTE = 1200;
  /** Job reports carry a log tail and scores: a few hundred KiB at most. */
  private static final long EVALUATOR_BODY_LIMIT = 4L * 1024 * 1024;

  /**
   * Registrations and logins per client address, on top of the slowdown of failed logins. Generous:
   * a whole class behind one university or hospital address may register at once.
   */
  private static final long AUTH_PER_HOUR = 300;
  /** JSON and form bodies of the account, team and organizer endpoints: a few fields. */
  private static final int SMALL_BODY_LIMIT = 16 * 1024;

  private final int port;
  private final long maxUploadBytes;
  private final Services services;
  private final ChallengeCatalog challenges;
  private final SubmissionService submissions;
  private final LeaderboardService leaderboards;
  private final BlobStore blobs;
  private final Clock clock;
  private io.vertx.core.WorkerExecutor inspections;
  private final Callers callers;
  private final EdgeLimits limits;
  private WorkerPool workers;
  private EvaluatorApi evaluatorApi;
  private AccountPages accountPages;
  private HttpServer server;
  private Router router;

  /**
   * @param secureCookies whether the platform is reached over HTTPS (e.g. behind a TLS proxy): session cookies then
   *                      carry {@code Secure}
   */
  public PlatformVerticle(int port, long maxUploadBytes, boolean secureCookies, Services services) {
    this(port, maxUploadBytes, secureCookies, services, EdgeLimits.defaults());
  }

  /** @param limits the timeouts, connection cap and worker pool of the edge */
  public PlatformVerticle(int port, long maxUploadBytes, boolean secureCookies, Services services, EdgeLimits limits) {
    this.limits = limits;
    this.port = port;
    this.maxUploadBytes = maxUploadBytes;
    this.services = services;
    this.challenges = services.challenges();
    this.submissions = services.submissions();
    this.leaderboards = services.leaderboards();
    this.blobs = services.blobs();
    this.clock = services.clock();
    this.callers = new Callers(services.tokens(), services.sessions(), clock, secureCookies);
  }

  @Override
  public Future<?> start() {
    workers = WorkerPool.install(vertx, limits);
    ConnectionGuard guard = new ConnectionGuard(vertx, limits);
    evaluatorApi = new EvaluatorApi(vertx, submissions, services.evaluatorCredentials(), blobs);
    inspections = vertx.createSharedWorkerExecutor("palmares-image-inspection", INSPECTIONS_AT_ONCE);
    AccountApi accountApi = new AccountApi(vertx, services, callers);
    TeamApi teamApi = new TeamApi(vertx, services, callers);
    accountPages = new AccountPages(vertx, services, callers, accountApi);
    submissions.onLeaderboardChange(slug -> vertx.eventBus().publish(LEADERBOARD_ADDRESS + slug, slug));
    router = Router.router(vertx);
    router.route().handler(guard::requestStarted);
    router.route().handler(this::securityHeaders);
    router.route().handler(this::wellFormedQuery);
    router.route().method(HttpMethod.HEAD).handler(this::headAsGet);
    // Public data may be read from any web page; no credentials are ever sent cross-origin
    // (Authorization is not an allowed header), so no page elsewhere can act with a token.
    router.route("/api/*").handler(CorsHandler.create().addOrigin("*").allowedMethod(HttpMethod.GET)
        .allowedHeader("Content-Type"));
    RateLimit uploads = new RateLimit("uploads", UPLOADS_PER_HOUR, Duration.ofHours(1));
    RateLimit reads = new RateLimit("requests", READS_PER_MINUTE, Duration.ofMinutes(1));
    RateLimit auth = new RateLimit("registrations and logins", AUTH_PER_HOUR, Duration.ofHours(1));
    BodyHandler small = BodyHandler.create(false).setBodyLimit(SMALL_BODY_LIMIT);

    router.route("/api/*").handler(reads);
    router.get("/api/health").handler(this::health);
    router.get("/api/challenges").handler(this::listChallenges);
    router.get("/api/challenges/:slug").handler(this::getChallenge);
    router.get("/api/challenges/:slug/leaderboard").handler(this::getLeaderboard);
    router.get("/api/challenges/:slug/events").handler(this::leaderboardEvents);
    router.post("/api/challenges/:slug/submissions").handler(uploads).handler(this::submit);
    router.get("/api/challenges/:slug/submissions").handler(this::listTeamSubmissions);
    router.get("/api/submissions/:id").handler(this::getSubmission);
    router.post("/api/challenges/:slug/rules/acceptance").handler(small).handler(teamApi::acceptRules);
    router.post("/api/challenges/:slug/teams").handler(small).handler(teamApi::create);
    router.get("/api/challenges/:slug/team").handler(teamApi::mine);
    router.post("/api/challenges/:slug/team/invitations").handler(teamApi::invite);
    router.post("/api/challenges/:slug/team/join").handler(small).handler(teamApi::join);
    router.post("/api/challenges/:slug/team/leave").handler(teamApi::leave);
    router.post("/api/accounts").handler(small).handler(auth).handler(accountApi::register);
    router.post("/api/tokens").handler(small).handler(auth).handler(accountApi::createToken);
    router.get("/api/tokens").handler(accountApi::listTokens);
    router.delete("/api/tokens/:id").handler(accountApi::revokeToken);
    router.get("/api/account").handler(accountApi::me);
    router.post("/api/account/password").handler(small).handler(auth).handler(accountApi::changePassword);
    router.put("/api/admin/challenges/:slug/organizers/:email").handler(ctx -> accountApi.setOrganizer(ctx, true));
    router.delete("/api/admin/challenges/:slug/organizers/:email").handler(ctx -> accountApi.setOrganizer(ctx, false));
    router.get("/api/admin/audit").handler(accountApi::platformAudit);
    router.post("/api/challenges").handler(uploads).handler(ctx -> installBundle(ctx, null));
    router.put("/api/challenges/:slug").handler(uploads).handler(ctx -> installBundle(ctx, ctx.pathParam("slug")));
    router.get("/api/challenges/:slug/versions").handler(this::listVersions);
    router.get("/api/organizer/challenges/:slug/submissions").handler(this::organizerSubmissions);
    router.get("/api/organizer/challenges/:slug/audit").handler(this::auditLog);
    router.post("/api/organizer/submissions/:id/disqualify").handler(small).handler(this::disqualify);
    router.post("/api/organizer/submissions/:id/rerun").handler(this::rerun);
    router.route("/api/evaluator/*").handler(BodyHandler.create(false).setBodyLimit(EVALUATOR_BODY_LIMIT));
    router.post("/api/evaluator/incarnations").handler(evaluatorApi::started);
    router.post("/api/evaluator/lease").handler(evaluatorApi::lease);
    router.post("/api/evaluator/jobs/:id/heartbeat").handler(evaluatorApi::heartbeat);
    router.post("/api/evaluator/jobs/:id/report").handler(evaluatorApi::report);
    router.get("/api/evaluator/jobs/:id/image").handler(evaluatorApi::image);

    router.get("/").handler(this::challengeListPage);
    router.get("/challenges/:slug").handler(this::challengePage);
    router.get("/challenges/:slug/files/*").handler(this::publicFile);
    router.get("/login").handler(accountPages::loginForm);
    router.post("/login").handler(small).handler(auth).handler(accountPages::logIn);
    router.get("/register").handler(accountPages::registerForm);
    router.post("/register").handler(small).handler(auth).handler(accountPages::register);
    router.post("/logout").handler(small).handler(accountPages::logOut);
    router.get("/account").handler(accountPages::account);
    router.post("/account/password").handler(small).handler(auth).handler(accountPages::changePassword);
    router.post("/account/tokens").handler(small).handler(accountPages::createToken);
    router.post("/account/tokens/:id/revoke").handler(small).handler(accountPages::revokeToken);
    router.post("/challenges/:slug/rules").handler(small).handler(accountPages::acceptRules);
    router.post("/challenges/:slug/team").handler(small).handler(accountPages::createTeam);
    router.post("/challenges/:slug/team/join").handler(small).handler(accountPages::joinTeam);
    router.post("/challenges/:slug/team/leave").handler(small).handler(accountPages::leaveTeam);
    router.post("/challenges/:slug/team/invitations").handler(small).handler(accountPages::invite);
    router.get("/assets/*").handler(StaticHandler.create("webroot/assets"));

    router.route("/api/*").failureHandler(this::apiFailure);
    router.route().failureHandler(this::pageFailure);
    router.route().last().handler(ctx -> ctx.fail(ApiException.notFound("no such page: " + ctx.request().path())));

    HttpServerOptions options = new HttpServerOptions()
        .setIdleTimeout((int) limits.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // a form field may be as long as the form's body limit (Vert.x's 8 KiB default failed with a 500)
        .setMaxFormAttributeSize(SMALL_BODY_LIMIT)
        // no HTTP/2 over cleartext: its detection waits for the first bytes before the connection is
        // known, so a silent connection would escape the per-address cap and the header deadline
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options).connectionHandler(guard::opened).invalidRequestHandler(this::invalidRequest)
        .requestHandler(this::route).listen(port)
        .onSuccess(s -> {
      server = s;
      LOG.info("Palmarès listening on http://localhost:{}", s.actualPort());
    });
  }

  /** Every route, as {@code METHOD path} (for the authorization matrix test: no route without a row). */
  public java.util.List<String> routes() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // handlers for every request (headers, CORS, limits, failures)
      }
      route.methods().forEach(m -> out.add(m.name() + " " + route.getPath()));
    }
    return out;
  }

  /** The pool that runs the edge's blocking work. */
  public WorkerPool workers() {
    return workers;
  }

  /** The port actually bound (useful when started on port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  // ---- API ---------------------------------------------------------------------------------

  private void health(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("status", "ok").put("challenges", challenges.all().size()));
  }

  private void listChallenges(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    challenges.all().forEach(c -> list.add(JsonViews.challenge(c)));
    json(ctx, 200, new JsonObject().put("challenges", list));
  }

  private void getChallenge(RoutingContext ctx) {
    json(ctx, 200, JsonViews.challenge(challenge(ctx)));
  }

  /** {@code ?phase=} (default: the current phase) and {@code ?part=private} once the phase reveals it. */
  private void getLeaderboard(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    Phase phase = phase(ctx, c);
    boolean wantsPrivate = "private".equals(ctx.request().getParam("part"));
    if (wantsPrivate && !phase.privateRevealedAt(clock.instant())) {
      throw new ApiException(403, "not_revealed", phase.revealPrivateAt() == null
          ? "the private leaderboard of phase " + phase.name() + " is not revealed"
          : "the private leaderboard of phase " + phase.name() + " is revealed at " + phase.revealPrivateAt());
    }
    LeaderboardService.Part part = wantsPrivate ? LeaderboardService.Part.PRIVATE : LeaderboardService.Part.PUBLIC;
    blocking(() -> leaderboards.of(c, phase, part))
        .onSuccess(board -> json(ctx, 200, JsonViews.leaderboard(board)))
        .onFailure(ctx::fail);
  }

  /**
   * Server-sent events: {@code event: leaderboard} each time one of the challenge's leaderboards
   * may have changed (a submission scored or disqualified), so pages update without polling.
   */
  private void leaderboardEvents(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    var response = ctx.response().setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.write(": listening to " + c.slug() + "\n\n");
    var consumer = vertx.eventBus().<String>consumer(LEADERBOARD_ADDRESS + c.slug(),
        m -> response.write("event: leaderboard\ndata: {\"challenge\":\"" + c.slug() + "\"}\n\n"));
    long keepAlive = vertx.setPeriodic(25_000, id -> response.write(": keep-alive\n\n"));
    response.closeHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(keepAlive);
    });
  }

  private void listTeamSubmissions(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    String token = Callers.bearer(ctx);
    blocking(() -> {
      Account who = callers.account(token);
      Team team = services.teamService().teamOf(who, c).orElseThrow(() -> new ApiException(403, "not_in_team",
          "you are not in a team of challenge " + c.slug()));
      JsonArray list = new JsonArray();
      submissions.ofTeam(c.slug(), team.id())
          .forEach(s -> list.add(JsonViews.submission(s, c.phase(s.phase()).orElse(null))));
      return new JsonObject().put("team", team.name()).put("submissions", list);
    }).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void getSubmission(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String token = Callers.bearer(ctx);
    blocking(() -> {
      Account who = callers.account(token);
      Submission s = submissions.find(id).orElse(null);
      // Another team's submission answers exactly like a missing one: ids are not an oracle.
      Team team = s == null ? null : services.teams().find(s.teamId()).orElse(null);
      if (team == null || !team.hasMember(who.id())) {
        throw ApiException.notFound("no submission " + id + " for your team");
      }
      Phase phase = challenges.find(s.challenge()).flatMap(c -> c.phase(s.phase())).orElse(null);
      return JsonViews.submission(s, phase);
    }).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /**
   * Streams the image archive to a temporary file while hashing it (never holding it in memory),
   * enforcing the size cap as bytes arrive, then checks it and queues the submission.
   */
  private void submit(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.pause();
    Challenge c = challenge(ctx);
    String token = Callers.bearer(ctx);
    String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    String requestedPhase = req.getParam("phase");
    if (declared != null && parseLong(declared) > maxUploadBytes) {
      throw tooLarge();
    }
    blocking(() -> {
      Account member = callers.account(token);
      Team team = services.teamService().submittingTeam(member, c);
      // Refuse before reading the body: outside the phase windows, over quota, or too large.
      // The quota slot is taken now, atomically, and given back if no submission comes of it.
      SubmissionService.Reservation reservation = submissions.reserve(c, requestedPhase, team, member.label());
      Phase phase = reservation.phase();
      if (declared != null && phase.maxImageMiB() != null && parseLong(declared) > phase.maxImageMiB() * 1024 * 1024) {
        submissions.release(reservation);
        throw new ApiException(413, "upload_too_large", "phase " + phase.name() + " accepts image archives of at most "
            + phase.maxImageMiB() + " MiB");
      }
      try {
        return new Admitted<>(reservation, blobs.newIncomingFile());
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
      return receiveInto(req, upload)
          .compose(sha256 -> inspections.executeBlocking(() -> submissions.submit(reservation, upload, sha256), false))
          .onFailure(e -> vertx.executeBlocking(() -> {
            // the file first: if the database is away, release throws and reconciliation returns the slot later
            Files.deleteIfExists(upload);
            submissions.release(reservation);
            return null;
          }));
    }).onSuccess(s -> {
      ctx.response().putHeader(HttpHeaders.LOCATION, "/api/submissions/" + s.id());
      json(ctx, 202, JsonViews.submission(s, c.phase(s.phase()).orElse(null)));
    }).onFailure(ctx::fail);
  }

  /**
   * Creates ({@code slug} null) or updates a challenge from a bundle archive sent by an organizer,
   * streamed to disk like an image.
   */
  private void installBundle(RoutingContext ctx, String slug) {
    HttpServerRequest req = ctx.request();
    req.pause();
    String token = Callers.bearer(ctx);
    blocking(() -> {
      Account organizer = callers.account(token);
      if (slug == null && !organizer.admin()) {
        throw new ApiException(403, "forbidden", "only platform admins create challenges");
      }
      if (slug != null && !organizer.manages(slug)) {
        throw new ApiException(403, "forbidden", "you do not organize challenge " + slug);
      }
      return new Admitted<>(organizer, blobs.newIncomingFile());
    }).compose(admitted -> {
      Account organizer = admitted.who();
      Path upload = admitted.upload();
      return receiveInto(req, upload)
          .compose(sha256 -> blocking(() -> {
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
    }).onSuccess(v -> json(ctx, slug == null ? 201 : 200, new JsonObject().put("slug", v.slug())
        .put("version", v.version()).put("archiveSha256", v.archiveSha256()).put("by", v.by())
        .put("at", v.at().toString()).put("links", new JsonObject().put("challenge", "/api/challenges/" + v.slug()))))
        .onFailure(ctx::fail);
  }

  private void listVersions(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    String token = Callers.bearer(ctx);
    blocking(() -> {
      Account organizer = callers.account(token);
      if (!organizer.manages(c.slug())) {
        throw new ApiException(403, "forbidden", "you do not organize challenge " + c.slug());
      }
      JsonArray list = new JsonArray();
      services.challengeService().versions(c.slug()).forEach(v -> list.add(new JsonObject().put("version", v.version())
          .put("archiveSha256", v.archiveSha256()).put("by", v.by()).put("at", v.at().toString())));
      return new JsonObject().put("slug", c.slug()).put("versions", list);
    }).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Every submission to a phase ({@code ?phase=}, default the current one), as organizers see them. */
  private void organizerSubmissions(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    Phase phase = phase(ctx, c);
    String token = Callers.bearer(ctx);
    blocking(() -> {
      organizerOf(token, c.slug());
      JsonArray list = new JsonArray();
      submissions.ofPhase(c.slug(), phase.name()).forEach(s -> list.add(JsonViews.organizerSubmission(s)));
      return new JsonObject().put("challenge", c.slug()).put("phase", phase.name()).put("submissions", list);
    }).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    String token = Callers.bearer(ctx);
    blocking(() -> {
      organizerOf(token, c.slug());
      JsonArray entries = JsonViews.audit(services.audit().of(c.slug()));
      return new JsonObject().put("challenge", c.slug()).put("entries", entries);
    }).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Body {@code {"reason": "..."}}: the submission leaves every leaderboard; the reason is recorded. */
  private void disqualify(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(() -> {
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
    }).onSuccess(b -> json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** Runs a finished submission again under its phase's current settings (explicit rescoring). */
  private void rerun(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(() -> {
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
    }).onSuccess(b -> json(ctx, 202, b)).onFailure(ctx::fail);
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

  /** An upload allowed to proceed: who it is for (a quota reservation, an organizer) and its temporary file. */
  private record Admitted<T>(T who, Path upload) {}

  /** Streams the request body into {@code upload}; completes with the body's sha256. */
  private Future<String> receiveInto(HttpServerRequest req, Path upload) {
    return vertx.fileSystem().open(upload.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .compose(file -> receive(req, file).eventually(file::close));
  }

  /** Writes the request body to {@code file} with back-pressure; completes with the body's sha256. */
  private Future<String> receive(HttpServerRequest req, AsyncFile file) {
    Promise<String> done = Promise.promise();
    MessageDigest sha = DigestUtils.getSha256Digest();
    long[] received = {0};
    req.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      received[0] += chunk.length();
      if (received[0] > maxUploadBytes) {
        done.tryFail(tooLarge());
        return;
      }
      sha.update(chunk.getBytes());
      file.write(chunk).onFailure(done::tryFail); // e.g. the disk is full: refused (507), the file removed
      if (file.writeQueueFull()) {
        req.pause();
        file.drainHandler(v -> req.resume());
      }
    });
    req.exceptionHandler(done::tryFail);
    req.endHandler(v -> {
      if (received[0] == 0) {
        done.tryFail(new ApiException(400, "empty_upload",
            "the request body is empty; send the image archive ('docker save IMAGE | gzip') as the body"));
      } else {
        done.tryComplete(HexFormat.of().formatHex(sha.digest()));
      }
    });
    req.resume();
    return done.future();
  }

  private ApiException tooLarge() {
    return new ApiException(413, "upload_too_large", "the image archive is larger than the "
        + (maxUploadBytes / (1024 * 1024)) + " MiB this platform accepts; slim the image (smaller base, no "
        + "training data or caches) and try again");
  }

  // ---- pages -------------------------------------------------------------------------------

  private void challengeListPage(RoutingContext ctx) {
    String lang = language(ctx);
    blocking(() -> Pages.challengeList(challenges.all(), lang, AccountPages.nav(callers.session(ctx).orElse(null), lang)))
        .onSuccess(page -> html(ctx, 200, page)).onFailure(ctx::fail);
  }

  private void challengePage(RoutingContext ctx) {
    Challenge c = challenges.find(ctx.pathParam("slug")).orElse(null);
    if (c == null) {
      html(ctx, 404, Pages.notFound("There is no challenge " + ctx.pathParam("slug") + "."));
      return;
    }
    Instant now = clock.instant();
    Phase phase = phase(ctx, c);
    String lang = language(ctx);
    blocking(() -> {
      Sessions.Session session = callers.session(ctx).orElse(null);
      return Pages.challenge(c, phase, leaderboards.of(c, phase, LeaderboardService.Part.PUBLIC),
          phase.privateRevealedAt(now) ? leaderboards.of(c, phase, LeaderboardService.Part.PRIVATE) : null,
          lang, now, accountPages.participation(ctx, session, c, lang), AccountPages.nav(session, lang));
    })
        .onSuccess(page -> html(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  private void publicFile(RoutingContext ctx) {
    Challenge c = challenge(ctx);
    String relative = ctx.pathParam("*");
    Path file = challenges.publicFile(c, relative).orElse(null);
    if (file == null || !Files.isRegularFile(file)) {
      throw ApiException.notFound("challenge " + c.slug() + " has no public file " + relative);
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, relative.endsWith(".csv") ? "text/csv" : "application/octet-stream")
        .putHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
        .sendFile(file.toString());
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** 400 for a query string that cannot be decoded (a bad %-escape), before any handler reads it. */
  private void wellFormedQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      ctx.fail(new ApiException(400, "bad_query", "the query string could not be read (a malformed %-escape?); "
          + "encode it as UTF-8 with %XX escapes"));
      return;
    }
    ctx.next();
  }

  /** Hands the request to the router, unless its path cannot be decoded (which the router answers as plain text). */
  private void route(HttpServerRequest req) {
    if (decodable(req.path())) {
      router.handle(req);
    } else {
      refuseUndecodable(req);
    }
  }

  /**
   * A request Vert.x could not take in before routing, answered in the shape of its route like
   * every other refusal: headers too large (431), a request line too long (414; its target could not
   * be read, so the page form is used), anything else (a target it cannot decode, such as a bad
   * %-escape in the path) a 400.
   */
  private void invalidRequest(HttpServerRequest req) {
    Throwable cause = req.decoderResult().cause();
    if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
      boolean line = cause.getMessage() != null && cause.getMessage().startsWith("An HTTP line is larger than");
      refuseBeforeRouting(req, line ? 414 : 431, line ? "uri_too_long" : "headers_too_large", line
          ? "the request line is too long (at most " + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH
              + " bytes); send long values in the body"
          : "the request headers are too large (at most " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE / 1024
              + " KiB in all)");
      return;
    }
    refuseUndecodable(req);
  }

  private static void refuseUndecodable(HttpServerRequest req) {
    refuseBeforeRouting(req, 400, "bad_path",
        "the path could not be read (a malformed %-escape?); encode it as UTF-8 with %XX escapes");
  }

  private static void refuseBeforeRouting(HttpServerRequest req, int status, String code, String message) {
    var response = req.response().setStatusCode(status).putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (req.uri() != null && req.uri().startsWith("/api/")) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(JsonViews.error(code, message).encode());
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .end(Pages.refusal(status, message, "en"));
    }
  }

  /** Whether every %-escape of {@code raw} is two hex digits and the bytes they make are UTF-8. */
  static boolean decodable(String raw) {
    if (raw == null || raw.indexOf('%') < 0) {
      return true;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (ch == '%') {
        if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
            || Character.digit(raw.charAt(i + 2), 16) < 0) {
          return false;
        }
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(ch).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** HEAD on a page answers as GET would, without the body (which Vert.x leaves out for HEAD). */
  private void headAsGet(RoutingContext ctx) {
    if (ctx.request().path().startsWith("/api/")) {
      ctx.next();
    } else {
      ctx.reroute(HttpMethod.GET, ctx.request().uri());
    }
  }

  private void securityHeaders(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    // A response to a request with credentials, or to one that changes something, may carry a
    // secret (a new token, an invitation code, a session cookie): no cache keeps it.
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD
        || req.headers().contains(HttpHeaders.AUTHORIZATION) || req.headers().contains(HttpHeaders.COOKIE)) {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }

  /**
   * Every failure in the form a client can act on: the status, a code and a sentence. The one place
   * that maps failures to HTTP, for the API's JSON errors and the pages alike; anything unexpected
   * is logged and becomes a 500 that tells nothing of the internals.
   */
  ApiException describe(RoutingContext ctx) {
    Throwable e = ctx.failure();
    ApiException api = refusal(e);
    if (api == null) {
      api = Unavailable.of(e); // the database away or the disk full: 503/507 with Retry-After
    }
    if (api != null) {
      return api;
    }
    if (e instanceof SubmissionRefusedException refused) {
      ApiException out = new ApiException(switch (refused.reason()) {
        case QUOTA -> 429;
        case NOT_OPEN -> 403;
        case PHASE_NOT_GIVEN -> 400;
      }, switch (refused.reason()) {
        case QUOTA -> "quota_exceeded";
        case NOT_OPEN -> "phase_closed";
        case PHASE_NOT_GIVEN -> "phase_required";
      }, refused.getMessage());
      if (refused.nextAllowedAt() != null) {
        out.retryAfter(Math.max(1, Duration.between(clock.instant(), refused.nextAllowedAt()).toSeconds()));
      }
      return out;
    }
    if (e instanceof InvalidChallengeException invalid) {
      JsonArray problems = new JsonArray();
      invalid.problems().forEach(p -> problems.add(p.toString()));
      return new ApiException(422, "invalid_bundle", "the bundle is not valid: " + invalid.problems().size()
          + " problem(s)").details(new JsonObject().put("problems", problems));
    }
    if (e instanceof BundleArchive.InvalidBundleArchiveException bad) {
      return new ApiException(400, "not_a_bundle", bad.getMessage());
    }
    if (e instanceof ChallengeChangeRefusedException refused) {
      return new ApiException(switch (refused.reason()) {
        case UNKNOWN -> 404;
        case NOT_ALLOWED -> 403;
        case EXISTS, SCORED_PHASE_CHANGED, CHANGED_MEANWHILE -> 409;
      }, refused.reason().name().toLowerCase(java.util.Locale.ROOT), refused.getMessage());
    }
    if (e instanceof ImageArchive.ImageLimitExceededException over) {
      return new ApiException(413, "image_too_large", over.getMessage());
    }
    if (e instanceof ImageArchive.InvalidImageArchiveException bad) {
      return new ApiException(400, "not_an_image", bad.getMessage());
    }
    if (causedBy(e, io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException.class)) {
      return new ApiException(413, "form_field_too_large", "a field of the form is larger than the "
          + SMALL_BODY_LIMIT / 1024 + " KiB this route accepts");
    }
    if (fromFormDecoder(e)) {
      return new ApiException(400, "bad_form", "the form could not be read (a malformed %-escape, or a field "
          + "without a name?); send it again from the page, or encode its fields as UTF-8 with %XX escapes"
          + (ctx.request().path().startsWith("/api/") ? " (the API takes JSON: Content-Type: application/json)" : ""));
    }
    if (e == null) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      return switch (status) {
        case 404 -> ApiException.notFound("not found: " + ctx.request().path());
        case 413 -> new ApiException(413, "body_too_large", "the request body is larger than this route accepts ("
            + SMALL_BODY_LIMIT / 1024 + " KiB for forms and account or team requests)");
        default -> new ApiException(status, status < 500 ? "bad_request" : "internal_error",
            status < 500 ? "the request was refused (HTTP " + status + ")" : "request failed");
      };
    }
    // Never send internals (stack traces, paths) to a client; the log has them.
    LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), e);
    return new ApiException(500, "internal_error", "something went wrong on our side; the request was not applied");
  }

  /**
   * Whether {@code e} was thrown by Netty's decoding of a form body (which the body handler runs for
   * any request sent as a form, the API's included): a bad %-escape or a field without a name come
   * out of it as plain {@code IllegalArgumentException}s, so where they were thrown is what tells
   * them from a bug of ours.
   */
  static boolean fromFormDecoder(Throwable e) {
    if (causedBy(e, io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException.class)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        for (StackTraceElement frame : t.getStackTrace()) {
          String at = frame.getClassName();
          if (at.startsWith("io.netty.handler.codec.http.multipart.")
              || at.equals("io.netty.handler.codec.http.QueryStringDecoder")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Failures of {@code /api} requests: the JSON error shape. */
  private void apiFailure(RoutingContext ctx) {
    ApiException api = describe(ctx);
    if (prepareFailureResponse(ctx, api)) {
      JsonObject body = JsonViews.error(api.code(), api.getMessage());
      if (api.details() != null) {
        body.mergeIn(api.details());
      }
      json(ctx, api.status(), body);
    }
  }

  /** Failures of pages and forms: an HTML page saying what happened and what to do. */
  private void pageFailure(RoutingContext ctx) {
    ApiException api = describe(ctx);
    if (prepareFailureResponse(ctx, api)) {
      String lang = language(ctx);
      html(ctx, api.status(), Unavailable.isUnavailable(api) ? Unavailable.page(api, lang)
          : Pages.refusal(api.status(), api.getMessage(), lang));
    }
  }

  /**
   * What both failure handlers do before writing: {@code Retry-After}, and the fate of the
   * connection (closed when the answer cannot be written or the body came too slowly; lingering
   * when a body is still coming). False when nothing more can be written.
   */
  private boolean prepareFailureResponse(RoutingContext ctx, ApiException api) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      if (!ctx.response().closed()) {
        ctx.request().connection().close();
      }
      return false;
    }
    if (api.retryAfterSeconds() != null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(api.retryAfterSeconds()));
    }
    if (Boolean.TRUE.equals(ctx.get(ConnectionGuard.BODY_TIMED_OUT))) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(done -> ctx.request().connection().close());
      return true;
    }
    boolean unreadBody = ctx.request().method() != HttpMethod.GET && !ctx.request().isEnded()
        && ctx.request().version() != HttpVersion.HTTP_2;
    if (unreadBody) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      lingerThenClose(ctx.request());
    }
    return true;
  }

  /**
   * The HTTP form of a refusal by the rules of accounts and teams (or an {@link ApiException}
   * itself), for the API's JSON errors and the pages alike; null for any other failure.
   */
  static ApiException refusal(Throwable e) {
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof AccountException refused) {
      int status = switch (refused.reason()) {
        case INVALID_EMAIL, INVALID_NAME, WEAK_PASSWORD, INVALID_TOKEN_REQUEST, INVALID_RESET -> 400;
        case EMAIL_TAKEN -> 409;
        case WRONG_PASSWORD -> 403;
        case UNKNOWN_ACCOUNT, UNKNOWN_TOKEN -> 404;
      };
      return new ApiException(status, refused.reason().name().toLowerCase(java.util.Locale.ROOT), refused.getMessage());
    }
    if (e instanceof TeamException refused) {
      int status = switch (refused.reason()) {
        case INVALID_NAME -> 400;
        case NOT_IN_TEAM, RULES_NOT_ACCEPTED, ORGANIZER -> 403;
        case UNKNOWN_CODE -> 404;
        case NAME_TAKEN, ALREADY_IN_TEAM, TEAM_FULL, WRONG_RULES_VERSION, TEAM_HAS_SUBMITTED -> 409;
      };
      return new ApiException(status, refused.reason().name().toLowerCase(java.util.Locale.ROOT), refused.getMessage());
    }
    return null;
  }

  /**
   * An HTTP/1 client may still be sending a body we will not use (too large, bad token). Closing
   * at once would make TCP reset the connection and lose our answer, so keep reading and
   * discarding for a few seconds, then close. (HTTP/2 resets just the stream.)
   */
  private void lingerThenClose(HttpServerRequest req) {
    long timer = vertx.setTimer(LINGER.toMillis(), id -> req.connection().close());
    req.exceptionHandler(e -> vertx.cancelTimer(timer));
    req.endHandler(v -> {
      vertx.cancelTimer(timer);
      req.connection().close();
    });
    req.handler(discarded -> { });
    req.resume();
  }

  private Phase phase(RoutingContext ctx, Challenge c) {
    String name = ctx.request().getParam("phase");
    if (name == null) {
      return c.currentPhaseAt(clock.instant());
    }
    return c.phase(name).orElseThrow(() -> ApiException.notFound("challenge " + c.slug() + " has no phase " + name));
  }

  /** {@code ?lang=fr|en}, else the browser's first preference, else English. */
  static String language(RoutingContext ctx) {
    String asked;
    try {
      asked = ctx.request().getParam("lang");
    } catch (IllegalArgumentException malformedQuery) {
      asked = null; // refused elsewhere; the refusal page still needs a language
    }
    if ("fr".equals(asked) || "en".equals(asked)) {
      return asked;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE);
    return accept != null && accept.trim().toLowerCase(java.util.Locale.ROOT).startsWith("fr") ? "fr" : "en";
  }

  private Challenge challenge(RoutingContext ctx) {
    return challenge(ctx, challenges);
  }

  static Challenge challenge(RoutingContext ctx, ChallengeCatalog catalog) {
    String slug = ctx.pathParam("slug");
    return catalog.find(slug).orElseThrow(() -> ApiException.notFound("there is no challenge " + slug));
  }

  /** Where this platform is reached, as the client sees it (for commands shown on pages). */
  static String origin(RoutingContext ctx) {
    return ctx.request().scheme() + "://" + ctx.request().authority();
  }

  /** The client's address, as the rate limits and the login slowdown count it. */
  static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return blocking(vertx, work);
  }

  /**
   * Runs blocking work (database, files, password hashing) on the edge's bounded {@link WorkerPool}
   * (503 with {@code Retry-After} when it is full). Unordered: requests do not wait for one another's work.
   */
  static <T> Future<T> blocking(io.vertx.core.Vertx vertx, Callable<T> work) {
    WorkerPool pool = WorkerPool.of(vertx);
    return pool == null ? vertx.executeBlocking(work, false) : pool.run(work);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  private static void html(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .end(Buffer.buffer(body));
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

}
