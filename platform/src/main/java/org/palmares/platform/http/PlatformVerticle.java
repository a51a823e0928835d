package org.palmares.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the handlers every request goes through (connection guard, security headers,
 * a readable query, the reader's language), then one block of routes per audience, each in its own
 * class: {@link PublicApi}, {@link CompetitorApi}, {@link OrganizerApi}, {@link EvaluatorApi},
 * {@link AccountRoutes}, the {@link SitePages} and {@link SubmissionPages}; failures go to {@link Failures}.
 */
public final class PlatformVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformVerticle.class);
  /** On every answer, routed or refused before routing: our own resources only, never in a frame. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
  /**
   * Image archives inspected at once. Inspection streams (bounded memory) but decompresses every
   * layer, seconds of CPU for a large image: on a pool of their own, uploads queue behind one
   * another instead of taking the worker threads every database-backed request needs.
   */
  private static final int INSPECTIONS_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  private final int port;
  private final long maxUploadBytes;
  private final Services services;
  private final Callers callers;
  private final EdgeLimits limits;
  private WorkerPool workers;
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
    this.callers = new Callers(services.tokens(), services.sessions(), services.clock(), secureCookies);
  }

  @Override
  public Future<?> start() {
    workers = WorkerPool.install(vertx, limits);
    ConnectionGuard guard = new ConnectionGuard(vertx, limits);
    WorkerExecutor inspections = vertx.createSharedWorkerExecutor("palmares-image-inspection", INSPECTIONS_AT_ONCE);
    Uploads uploads = new Uploads(vertx, maxUploadBytes);
    Failures failures = new Failures(vertx, services.clock());
    AccountApi accountApi = new AccountApi(vertx, services, callers);
    AccountPages accountPages = new AccountPages(vertx, services, callers, accountApi);
    RateLimiter rates = new RateLimiter(vertx, limits.rates(), new CallerKeys(vertx, services));
    // the pages' limits; the API's routes are limited by their class (RouteClass#ofApi) on /api/*
    Guards guards = new Guards(BodyHandler.create(false).setBodyLimit(Edge.SMALL_BODY_LIMIT),
        rates.limit(RouteClass.LOGINS), rates.limit(RouteClass.UPLOADS));

    router = Router.router(vertx);
    router.route().handler(guard::requestStarted);
    router.route().handler(new ClientAddress(limits.rates().trustedProxies()));
    router.route().handler(this::securityHeaders);
    router.route().handler(this::wellFormedQuery);
    router.route().handler(Readers::rememberChoice);
    router.route().method(HttpMethod.HEAD).handler(this::headAsGet);
    // Public data may be read from any web page; no credentials are ever sent cross-origin
    // (Authorization is not an allowed header), so no page elsewhere can act with a token.
    router.route("/api/*").handler(CorsHandler.create().addOrigin("*").allowedMethod(HttpMethod.GET)
        .allowedHeader("Content-Type"));
    router.route("/api/*").handler(rates.api()); // the API's routes are classed by RouteClass#ofApi

    new PublicApi(vertx, context, services).mount(router);
    CompetitorApi competitorApi = new CompetitorApi(vertx, services, callers, uploads, inspections);
    competitorApi.mount(router, guards);
    new AccountRoutes(accountApi, accountPages).mount(router, guards);
    new OrganizerApi(vertx, services, callers, uploads, accountApi).mount(router, guards);
    new RecordRoutes(vertx, services, callers).mount(router);
    new ApiDescription().routes(router); // GET /api/openapi.json, the reference page /docs/api/
    new EvaluatorApi(vertx, services.submissions(), services.evaluatorCredentials(), services.blobs(),
        services.resultRecords(), services.clock()).mount(router);
    new SitePages(vertx, services, callers, accountPages).mount(router, guards);
    new OrganizerPages(vertx, services, callers, maxUploadBytes).mount(router, guards);
    new SubmissionPages(vertx, services, callers, competitorApi, maxUploadBytes).mount(router, guards);

    router.route("/api/*").failureHandler(failures::apiFailure);
    router.route().failureHandler(failures::pageFailure);
    router.route().last().handler(ctx -> ctx.fail(ApiException.notFound("no such page: " + ctx.request().path())
        .localized("error.no-page", ctx.request().path())));

    HttpServerOptions options = new HttpServerOptions()
        .setIdleTimeout((int) limits.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // a form field may be as long as the form's body limit (Vert.x's 8 KiB default failed with a 500)
        .setMaxFormAttributeSize(Edge.SMALL_BODY_LIMIT)
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

  // ---- what every request goes through -----------------------------------------------------

  /** 400 for a query string that cannot be decoded (a bad %-escape), before any handler reads it. */
  private void wellFormedQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      ctx.fail(new ApiException(400, "bad_query", "the query string could not be read (a malformed %-escape?); "
          + "encode it as UTF-8 with %XX escapes").localized("error.bad_query"));
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
      response.putHeader(HttpHeaders.CONTENT_TYPE, Edge.JSON).end(JsonViews.error(code, message).encode());
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, Edge.HTML)
          .end(Failures.refusalPage(new org.palmares.platform.web.Page(org.palmares.platform.web.Language.EN, null, "/"),
              new ApiException(status, code, message)));
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

}
