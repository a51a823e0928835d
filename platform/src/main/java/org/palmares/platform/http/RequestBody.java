package org.palmares.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declared shape of each JSON request body of the API (JSON Schema 2020-12, checked with the
 * validator the bundle reader uses), and the one place bodies are read: a body that does not
 * match is refused with a 400 naming the field and what it must be. Types are never coerced (a
 * number is not a name), and the bodies of people's requests refuse unknown fields (a typo, or a
 * hopeful {@code "admin": true}, is said rather than ignored). The evaluator's bodies accept
 * unknown fields, so a newer evaluator can talk to an older platform.
 */
enum RequestBody {
  REGISTER(closed("""
      "email": {"type": "string", "maxLength": 320}, "name": {"type": "string"}, "password": {"type": "string"}""",
      "email", "name", "password")),
  TOKEN(closed("""
      "email": {"type": "string", "maxLength": 320}, "password": {"type": "string"}, "name": {"type": "string"},
      "expiresInDays": {"type": "integer"}""", "email", "password")),
  PASSWORD(closed("""
      "currentPassword": {"type": "string"}, "newPassword": {"type": "string"}, "revokeTokens": {"type": "boolean"}""",
      "currentPassword", "newPassword")),
  RULES(closed("""
      "version": {"type": "integer"}""", "version")),
  TEAM(closed("""
      "name": {"type": "string"}""", "name")),
  JOIN(closed("""
      "code": {"type": "string"}""", "code")),
  DISQUALIFY(closed("""
      "reason": {"type": "string"}""", "reason")),
  STARTED(open("""
      "incarnation": {"type": "string"}""", "incarnation")),
  LEASE(open("""
      "worker": {"type": "string"},
      "free": {"type": ["object", "null"], "properties": {"cpus": {"type": "number", "minimum": 0},
          "memoryBytes": {"type": "integer", "minimum": 0}, "gpus": {"type": "integer", "minimum": 0}}}""",
      "worker")),
  HEARTBEAT(open("""
      "worker": {"type": "string"}, "attempt": {"type": "integer"}""", "worker", "attempt")),
  REPORT(open("""
      "worker": {"type": "string"}, "attempt": {"type": "integer"}, "report": {"type": "object"}""",
      "worker", "attempt", "report")),
  RELEASE(open("""
      "attempt": {"type": "integer"}, "approved": {"type": "boolean"}, "report": {"type": ["object", "null"]}""",
      "attempt", "approved"));

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private final JsonObject schema;
  private final Validator validator;

  RequestBody(JsonObject schema) {
    this.schema = schema;
    this.validator = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://palmares.org/api/").setOutputFormat(OutputFormat.Basic));
  }

  private static JsonObject closed(String properties, String... required) {
    return object(properties, required).put("additionalProperties", false);
  }

  private static JsonObject open(String properties, String... required) {
    return object(properties, required);
  }

  private static JsonObject object(String properties, String... required) {
    return new JsonObject().put("type", "object").put("properties", new JsonObject("{" + properties + "}"))
        .put("required", new JsonArray(List.of(required)));
  }

  /** The request's body, if it is a JSON object of this shape; else a 400 saying what to fix. */
  JsonObject read(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0 ? null
          : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new ApiException(400, "invalid_request", "the body is not a JSON object: send one, with "
          + "Content-Type: application/json; this request takes " + fields());
    }
    if (body == null) {
      throw new ApiException(400, "invalid_request", "send a JSON object as the body; this request takes " + fields());
    }
    return check(body);
  }

  /** {@code body} if it has this shape; else a 400 saying what to fix. */
  JsonObject check(JsonObject body) {
    OutputUnit result = validator.validate(body);
    if (Boolean.TRUE.equals(result.getValid())) {
      return body;
    }
    List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result)
        : result.getErrors();
    List<String> sentences = new ArrayList<>();
    for (OutputUnit error : errors) {
      String sentence = sentence(error);
      if (sentence != null && !sentences.contains(sentence)) {
        sentences.add(sentence);
      }
    }
    if (sentences.isEmpty()) {
      sentences.add("the body does not have the expected shape; this request takes " + fields());
    }
    throw new ApiException(400, "invalid_request", String.join("; ", sentences));
  }

  private String sentence(OutputUnit error) {
    String keywordLocation = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    String field = field(error.getInstanceLocation());
    String text = error.getError() == null ? "" : error.getError();
    Matcher quoted = QUOTED.matcher(text);
    return switch (keyword) {
      case "type" -> "\"" + field + "\" must be " + expected(error.getInstanceLocation());
      case "required" -> quoted.find() ? "give \"" + quoted.group(1) + "\" (" + expected("/" + quoted.group(1)) + ")"
          : null;
      case "additionalProperties" -> quoted.find() ? "unknown field \"" + quoted.group(1)
          + "\"; this request takes " + fields() : null;
      case "maxLength" -> "\"" + field + "\" is too long";
      case "minimum" -> "\"" + field + "\" must not be negative";
      // the parent's summary ("properties"...) repeats what its children said
      case "properties", "" -> null;
      default -> "\"" + field + "\": " + text;
    };
  }

  private static String field(String instanceLocation) {
    return instanceLocation == null || instanceLocation.isEmpty() ? "body"
        : instanceLocation.substring(1).replace('/', '.');
  }

  /** What the schema expects at this location, in words: "a string", "a whole number"... */
  private String expected(String instanceLocation) {
    JsonObject at = schema;
    for (String token : instanceLocation == null ? new String[0] : instanceLocation.split("/")) {
      if (!token.isEmpty()) {
        JsonObject properties = at.getJsonObject("properties");
        at = properties == null ? null : properties.getJsonObject(token);
        if (at == null) {
          return "of another type";
        }
      }
    }
    Object type = at.getValue("type");
    List<String> words = new ArrayList<>();
    for (Object t : type instanceof JsonArray list ? list.getList() : List.of(String.valueOf(type))) {
      words.add(switch (String.valueOf(t)) {
        case "string" -> "a string";
        case "integer" -> "a whole number";
        case "number" -> "a number";
        case "boolean" -> "true or false";
        case "object" -> "a JSON object";
        case "array" -> "a JSON array";
        case "null" -> "null";
        default -> String.valueOf(t);
      });
    }
    return String.join(" or ", words);
  }

  /** The fields of this body, required ones first, with their kinds. */
  private String fields() {
    List<String> out = new ArrayList<>();
    JsonArray required = schema.getJsonArray("required");
    for (String name : schema.getJsonObject("properties").fieldNames()) {
      out.add("\"" + name + "\" (" + expected("/" + name) + (required.contains(name) ? "" : ", optional") + ")");
    }
    return String.join(", ", out);
  }
}
