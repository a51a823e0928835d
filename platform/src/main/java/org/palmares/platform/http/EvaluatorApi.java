package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.provenance.ProvenanceException;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.protocol.Wire;
import org.palmares.platform.evaluation.EvaluatorCredentials;
import org.palmares.platform.evaluation.EvaluatorCredentials.RemoteEvaluator;
import org.palmares.platform.evaluation.ResultRecords;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.InvalidReportException;
import org.palmares.platform.submission.SubmissionService;

/**
 * The job protocol over HTTP, for evaluators running at remote sites: a start (which hands back
 * the leases of the evaluator's dead incarnations), lease, heartbeat, report, and the image of a
 * leased job. Only evaluator tokens are accepted, each scoped to its
 * challenges; a worker's name is prefixed with its evaluator's id, so an evaluator can only ever
 * extend or report its own leases.
 */
final class EvaluatorApi {
  /** The protocol's one mapper: strict about types (a number is not a string, nor a string a number). */
  private static final ObjectMapper JSON = ProtocolJson.MAPPER;

  private final Vertx vertx;
  private final SubmissionService submissions;
  private final EvaluatorCredentials credentials;
  private final BlobStore blobs;
  private final ResultRecords records;
  private final java.time.Clock clock;

  EvaluatorApi(Vertx vertx, SubmissionService submissions, EvaluatorCredentials credentials, BlobStore blobs,
      ResultRecords records, java.time.Clock clock) {
    this.vertx = vertx;
    this.submissions = submissions;
    this.credentials = credentials;
    this.blobs = blobs;
    this.records = records;
    this.clock = clock;
  }

  /** Job reports carry a log tail and scores: a few hundred KiB at most. */
  private static final long BODY_LIMIT = 4L * 1024 * 1024;

  /** The evaluators' routes, by site token only. */
  void mount(io.vertx.ext.web.Router router) {
    // bodies of POSTs only: a GET (the image) with a multipart Content-Type and a body made the body handler throw (a 500)
    io.vertx.ext.web.handler.BodyHandler bodies = io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    router.route("/api/evaluator/*").handler(ctx -> {
      if (ctx.request().method() == io.vertx.core.http.HttpMethod.POST) {
        bodies.handle(ctx);
      } else {
        ctx.next();
      }
    });
    router.post("/api/evaluator/incarnations").handler(this::started);
    router.post("/api/evaluator/lease").handler(this::lease);
    router.post("/api/evaluator/jobs/:id/heartbeat").handler(this::heartbeat);
    router.post("/api/evaluator/jobs/:id/report").handler(this::report);
    router.post("/api/evaluator/jobs/:id/release").handler(this::release);
    router.get("/api/evaluator/jobs/:id/image").handler(this::image);
  }

  /**
   * Body {@code {"incarnation": "<name>#<suffix>"}}: this evaluator started again; the jobs its
   * earlier incarnations (same name) still hold go back to the queue at once. 200
   * {@code {"handedBack": n}}. Only workers with this evaluator's id are looked at.
   */
  void started(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      RemoteEvaluator evaluator = evaluator(token);
      RequestBody.STARTED.read(ctx);
      Wire.StartRequest request = body(ctx, Wire.StartRequest.class);
      return new Wire.StartReply(submissions.handBack(evaluator.id() + ":", incarnation(request.incarnation())));
    }).onSuccess(reply -> reply(ctx, reply)).onFailure(ctx::fail);
  }

  /** Body {@code {"worker": "...", "free": {"cpus": 2, "memoryBytes": ..., "gpus": 0} | null}}; 200 with a job, or 204. */
  void lease(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      RemoteEvaluator evaluator = evaluator(token);
      RequestBody.LEASE.read(ctx);
      Wire.LeaseRequest request = body(ctx, Wire.LeaseRequest.class);
      // a site's token leases its own site's evaluations only; a token without a site, single-site challenges only
      return submissions.lease(evaluator.id() + ":" + name(request.worker()), request.free(),
          evaluator.challenges(), evaluator.site());
    }).onSuccess(job -> {
      if (job.isEmpty()) {
        ctx.response().setStatusCode(204).end();
      } else {
        reply(ctx, job.get());
      }
    }).onFailure(ctx::fail);
  }

  /** Body {@code {"worker": ..., "attempt": n}}; 200 {@code {"held": bool}}. */
  void heartbeat(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      RemoteEvaluator evaluator = evaluator(token);
      ownSubmission(evaluator, id);
      JsonObject raw = RequestBody.HEARTBEAT.read(ctx);
      attempt(raw.getValue("attempt"));
      Wire.HeartbeatRequest request = body(ctx, Wire.HeartbeatRequest.class);
      return new Wire.HeartbeatReply(submissions.heartbeat(id, evaluator.site(), held(evaluator, request.worker()),
          request.attempt()));
    }).onSuccess(reply -> reply(ctx, reply)).onFailure(ctx::fail);
  }

  /** Body {@code {"worker": ..., "attempt": n, "report": {...JobReport}}}; 200 {@code {"result": ...}}. */
  void report(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      RemoteEvaluator evaluator = evaluator(token);
      Submission job = ownSubmission(evaluator, id);
      JsonObject raw = RequestBody.REPORT.read(ctx);
      attempt(raw.getValue("attempt"));
      String worker = held(evaluator, raw.getString("worker")); // before the report is read: not its worker, 403
      Wire.ReportRequest request = report(ctx, Wire.ReportRequest.class);
      SignedRecord signed = signedRecord(evaluator, job, request.attempt(), request.report());
      SubmissionService.ReportResult result;
      try {
        // only a checked record goes on with the report (one from a site without a key is not kept)
        result = submissions.report(id, evaluator.site(), worker, request.attempt(),
            request.report().withRecord(signed));
      } catch (InvalidReportException e) {
        throw new ApiException(422, "score_out_of_range", e.getMessage());
      }
      keep(job, evaluator, request.attempt(), signed, result);
      return new Wire.ReportReply(result.name());
    }).onSuccess(reply -> reply(ctx, reply)).onFailure(ctx::fail);
  }

  /**
   * Body {@link Wire.ReleaseRequest} {@code {"attempt": n, "approved": bool, "report": {...} | null}}:
   * the site's operator released (approved, with the scored report) or withheld the result of an
   * attempt this evaluator reported AWAITING_RELEASE. 200 {@link Wire.ReleaseReply}.
   */
  void release(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      RemoteEvaluator evaluator = evaluator(token);
      Submission job = ownSubmission(evaluator, id);
      JsonObject raw = RequestBody.RELEASE.read(ctx);
      attempt(raw.getValue("attempt"));
      Wire.ReleaseRequest request = report(ctx, Wire.ReleaseRequest.class);
      if (request.approved() == (request.report() == null)) {
        throw new ApiException(400, "bad_release", request.approved()
            ? "an approved release carries the scored report" : "a withheld result is sent without a report");
      }
      // a withheld result sends nothing to sign; a released one is signed like any report
      SignedRecord signed = request.approved() ? signedRecord(evaluator, job, request.attempt(), request.report()) : null;
      SubmissionService.ReportResult result;
      try {
        result = submissions.release(id, evaluator.site(), evaluator.id() + ":", request.attempt(),
            request.approved() ? request.report().withRecord(signed) : null);
      } catch (InvalidReportException e) {
        throw new ApiException(422, "score_out_of_range", e.getMessage());
      }
      keep(job, evaluator, request.attempt(), signed, result);
      return new Wire.ReleaseReply(result.name());
    }).onSuccess(reply -> reply(ctx, reply)).onFailure(ctx::fail);
  }

  /** A request body the schema checked, as its protocol record. */
  private static <T> T body(RoutingContext ctx, Class<T> type) {
    try {
      return JSON.readValue(ctx.body().asString(), type);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_request", "the body is not a " + type.getSimpleName() + ": "
          + e.getOriginalMessage());
    }
  }

  /** A body carrying a job report: an unreadable report is a bad report. */
  private static <T> T report(RoutingContext ctx, Class<T> type) {
    try {
      return JSON.readValue(ctx.body().asString(), type);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new ApiException(400, "bad_report", "the report is not a job report: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }

  /** A protocol record as the 200 reply. */
  private static void reply(RoutingContext ctx, Object body) {
    try {
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(new IllegalStateException("a protocol reply cannot be encoded", e));
    }
  }

  /** The report's signed record, checked when the site has a key (null when it has none); 422 when it does not hold. */
  private static SignedRecord signedRecord(RemoteEvaluator evaluator, Submission job, int attempt, JobReport report) {
    try {
      return ResultRecords.checked(evaluator, evaluator.site(), job, attempt, report);
    } catch (ProvenanceException e) {
      throw new ApiException(422, "bad_record", "the report's signed record is refused: " + e.getMessage());
    }
  }

  /** Keeps the checked record of a result the platform holds (taken now or before). */
  private void keep(Submission job, RemoteEvaluator evaluator, int attempt, SignedRecord signed,
      SubmissionService.ReportResult result) {
    if (signed != null && result != SubmissionService.ReportResult.STALE_LEASE) {
      records.keep(job, evaluator.site(), attempt, signed, clock.instant());
    }
  }

  /**
   * The image archive of a job this evaluator holds ({@code ?worker=&attempt=}); a {@code Range:
   * bytes=N-} or {@code bytes=N-M} request is answered 206 with those bytes, so a site resumes a cut
   * download ({@link ByteRange}).
   */
  void image(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      RemoteEvaluator evaluator = evaluator(token);
      Submission s = ownSubmission(evaluator, id);
      String given = ctx.request().getParam("attempt");
      int attempt;
      try {
        attempt = given == null ? -1 : Integer.parseInt(given.trim());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "invalid_request", "?attempt= must be the whole number of the lease's attempt");
      }
      String worker = held(evaluator, ctx.request().getParam("worker"));
      if (submissions.liveJob(id, evaluator.site()).filter(j -> j.heldBy(worker, attempt)).isEmpty()) {
        throw new ApiException(409, "not_leased", "this worker does not hold the lease of " + id);
      }
      java.nio.file.Path file = blobs.file(s.imageDigest());
      return new Object[] {file, java.nio.file.Files.size(file)};
    }).onSuccess(found -> {
      String file = found[0].toString();
      long size = (Long) found[1];
      io.vertx.core.http.HttpServerResponse response = ctx.response().putHeader("Content-Type", "application/x-tar")
          .putHeader("Accept-Ranges", "bytes");
      ByteRange range = ByteRange.of(ctx.request().getHeader("Range"), size);
      if (range == null) {
        response.sendFile(file);
      } else if (!range.satisfiable()) {
        response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
      } else {
        response.setStatusCode(206).putHeader("Content-Range", range.contentRange())
            .sendFile(file, range.start(), range.length());
      }
    }).onFailure(ctx::fail);
  }

  private RemoteEvaluator evaluator(String token) {
    return credentials.findByToken(token)
        .orElseThrow(() -> ApiException.unauthorized("this endpoint takes an evaluator token"));
  }

  /**
   * The submission, if this evaluator evaluates it (else it does not exist for it): a challenge it
   * serves, and an evaluation at its site (a site's token: a multi-site submission with that site;
   * a token without a site: a single-site submission). Another site's evaluation is refused here.
   */
  private Submission ownSubmission(RemoteEvaluator evaluator, String id) {
    return submissions.find(id).filter(s -> evaluator.challenges().contains(s.challenge()))
        .filter(s -> evaluator.site() == null ? !s.multiSite() : s.sites().containsKey(evaluator.site()))
        .orElseThrow(() -> ApiException.notFound("no job " + id + " for this evaluator"));
  }

  /** A worker name as the evaluator chooses it; the platform prefixes it with the evaluator's id. */
  private static String name(String given) {
    if (given == null || !given.matches("[A-Za-z0-9#._/-]{1,100}")) {
      throw new ApiException(400, "bad_worker", "worker must be 1-100 letters, digits or #._/-");
    }
    return given;
  }

  /** An incarnation as an evaluator names it: {@code <name>#<suffix>}, its workers being {@code <incarnation>/<n>}. */
  private static String incarnation(Object given) {
    if (!(given instanceof String s) || !s.matches("[A-Za-z0-9._-]{1,80}#[A-Za-z0-9._-]{1,19}")) {
      throw new ApiException(400, "bad_incarnation",
          "incarnation must be <name>#<suffix>, letters, digits or ._- around one #, at most 100 in all");
    }
    return s;
  }

  /** A worker name as leased (prefixed): it must be one of this evaluator's. */
  private static String held(RemoteEvaluator evaluator, String worker) {
    String prefix = evaluator.id() + ":";
    if (worker == null || !worker.startsWith(prefix)) {
      throw new ApiException(403, "not_your_worker", "this worker is not one of this evaluator's");
    }
    name(worker.substring(prefix.length()));
    return worker;
  }

  /** An attempt number from a body the schema checked (an integer, possibly beyond {@code int}). */
  private static int attempt(Object value) {
    long n = ((Number) value).longValue();
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new ApiException(400, "invalid_request", "\"attempt\" must be the lease's attempt, a whole number from 1");
    }
    return (int) n;
  }

}
