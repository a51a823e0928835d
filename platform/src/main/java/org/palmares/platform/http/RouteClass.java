package org.palmares.platform.http;

import io.vertx.core.http.HttpMethod;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kinds of request that have a rate limit of their own, each with its own buckets: a burst of
 * one kind (a class reloading boards, an evaluator polling) never uses up another's (uploads,
 * logins).
 */
public enum RouteClass {
  /** Image archives and challenge bundles: each is seconds of disk and CPU. */
  UPLOADS("uploads"),
  /** Registrations, logins and password changes (on top of the slowdown of failed logins per account). */
  LOGINS("logins"),
  /** Every other API request: challenges, boards, submissions, teams, tokens. */
  READS("reads"),
  /** Opening a live stream ({@code /events}); how many one client holds open is limited apart. */
  STREAMS("streams"),
  /** The evaluator protocol: leases, heartbeats, reports, image downloads. */
  EVALUATORS("evaluators");

  private static final Pattern CHALLENGE = Pattern.compile("/api/challenges/[^/]+");
  private static final Pattern IMAGE_UPLOAD = Pattern.compile("/api/challenges/[^/]+/submissions");
  private static final Pattern EVENTS = Pattern.compile("/api/challenges/[^/]+/events");
  private static final Set<String> LOGIN_PATHS = Set.of("/api/accounts", "/api/tokens", "/api/account/password");

  private final String key;

  RouteClass(String key) {
    this.key = key;
  }

  /** The word used in configuration and in the messages' bundle ({@code edge.class.<key>}). */
  public String key() {
    return key;
  }

  /**
   * The class of an API request, decided in this one place for every {@code /api} route (a new
   * route is limited as a read unless it is one of these): the evaluator protocol; live streams;
   * image and bundle uploads; registration, log-in and password change; everything else reads.
   */
  public static RouteClass ofApi(HttpMethod method, String path) {
    if (path.startsWith("/api/evaluator/")) {
      return EVALUATORS;
    }
    if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && EVENTS.matcher(path).matches()) {
      return STREAMS;
    }
    if (method == HttpMethod.POST && (path.equals("/api/challenges") || IMAGE_UPLOAD.matcher(path).matches())
        || method == HttpMethod.PUT && CHALLENGE.matcher(path).matches()) {
      return UPLOADS;
    }
    if (method == HttpMethod.POST && LOGIN_PATHS.contains(path)) {
      return LOGINS;
    }
    return READS;
  }
}
