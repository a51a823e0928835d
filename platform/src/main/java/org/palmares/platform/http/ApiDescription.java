package org.palmares.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API's OpenAPI 3.1 description and its reference page. The description is a resource file
 * ({@code openapi.yaml} beside this class), written by hand and checked against the real router by
 * {@code OpenApiRoutesTest}; it is served as JSON at {@code /api/openapi.json}, encoded once. The
 * page at {@code /docs/api/} is Swagger UI, served from its WebJar on the class path (nothing
 * copied into this repository).
 */
final class ApiDescription {
  /** Where the description lives on the class path. */
  static final String RESOURCE = "org/palmares/platform/http/openapi.yaml";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  /** Swagger UI draws its icons from {@code data:} images; the rest of the page policy is the site's. */
  private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
      + "form-action 'self'";

  private final Buffer json;

  ApiDescription() {
    try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      json = Buffer.buffer(new ObjectMapper().writeValueAsBytes(new YAMLMapper().readTree(in)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the API description " + RESOURCE + " cannot be read", e);
    }
  }

  /** The description, as parsed from its resource (for the tests that check it against the routes). */
  static com.fasterxml.jackson.databind.JsonNode read() {
    try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds {@code GET /api/openapi.json}, the reference page {@code /docs/api/} and its files. */
  void routes(Router router) {
    router.get("/api/openapi.json").handler(this::description);
    router.get("/docs/api/").handler(ApiDescription::page);
    // after the page: Vert.x would match /docs/api/ with this route too
    router.get("/docs/api").handler(ctx -> ctx.redirect("/docs/api/"));
    router.get("/docs/api/palmares-init.js").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
        .end("window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true});\n"));
    // a path that climbs out of the folder (/docs/api/%2e%2e%2f%2e%2e) made StaticHandler fail with a 500
    router.get("/docs/api/*").handler(ctx -> {
      String decoded = java.net.URLDecoder.decode(ctx.normalizedPath(), java.nio.charset.StandardCharsets.UTF_8);
      if (!decoded.contains("..") && decoded.length() > "/docs/api/".length()) {
        ctx.next();
      } else {
        ctx.fail(ApiException.notFound("no such file of the API reference: " + ctx.request().path()));
      }
    }).handler(StaticHandler.create(WEBJAR + swaggerUiVersion())
        .setDefaultContentEncoding("UTF-8").setDirectoryListing(false));
  }

  private void description(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300").end(json);
  }

  private static void page(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", PAGE_POLICY)
        .end("""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Palmarès API reference</title>
              <link rel="stylesheet" href="/docs/api/swagger-ui.css">
            </head>
            <body>
              <main id="swagger-ui"></main>
              <script src="/docs/api/swagger-ui-bundle.js"></script>
              <script src="/docs/api/palmares-init.js"></script>
            </body>
            </html>
            """);
  }

  /** The version of the Swagger UI WebJar on the class path, from its Maven metadata (its files sit under it). */
  private static String swaggerUiVersion() {
    try (InputStream in = ApiDescription.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the Swagger UI WebJar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
