package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/**
 * The OpenAPI description against the real router: every {@code /api} route registered is in it
 * with its method, and every operation in it is a route; it is valid OpenAPI 3.1 for the
 * reference parser (swagger-parser); it is served as JSON, with its reference page.
 */
class OpenApiRoutesTest {
  @TempDir static Path work;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void everyApiRouteIsDescribedAndEveryDescribedOperationIsARoute() {
    Set<String> routes = new TreeSet<>();
    for (String route : platform.routes()) {
      String[] methodAndPath = route.split(" ", 2);
      if (methodAndPath[1].startsWith("/api/")) {
        // Vert.x writes path parameters :name, OpenAPI {name}
        routes.add(methodAndPath[0] + " " + methodAndPath[1].replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
      }
    }
    Set<String> described = new TreeSet<>();
    JsonNode paths = ApiDescription.read().get("paths");
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      paths.get(path).fieldNames().forEachRemaining(field -> {
        if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(field)) {
          described.add(field.toUpperCase(Locale.ROOT) + " " + path);
        }
      });
    }
    assertThat(routes).as("routes of the real router").hasSizeGreaterThan(30);
    assertThat(described).as("operations of openapi.yaml vs /api routes of the router").isEqualTo(routes);
  }

  @Test
  void theDescriptionIsValidOpenApi31() throws Exception {
    String yaml;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiDescription.RESOURCE)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml);
    assertThat(parsed.getMessages()).as("problems found by swagger-parser").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
    // every operation says who may call it: public ones opt out of the default token explicitly
    parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperations().forEach(op ->
        assertThat(op.getResponses()).as(path + " " + op.getSummary()).isNotEmpty()));
  }

  @Test
  void theDescriptionIsServedAsJsonWithAReferencePage() throws Exception {
    Http http = new Http(platform.port());
    HttpResponse<String> json = http.get("/api/openapi.json", null);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(new ObjectMapper().readTree(json.body())).isEqualTo(ApiDescription.read());

    HttpResponse<String> page = http.get("/docs/api/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(http.get("/docs/api", null).headers().firstValue("Location")).hasValue("/docs/api/");
    assertThat(page.body()).contains("/docs/api/swagger-ui-bundle.js", "/docs/api/palmares-init.js");
    HttpResponse<String> bundle = http.get("/docs/api/swagger-ui-bundle.js", null);
    assertThat(bundle.statusCode()).as("Swagger UI from its WebJar").isEqualTo(200);
    assertThat(bundle.body()).contains("SwaggerUIBundle");
    assertThat(http.get("/docs/api/palmares-init.js", null).body()).contains("'/api/openapi.json'");
  }
}
