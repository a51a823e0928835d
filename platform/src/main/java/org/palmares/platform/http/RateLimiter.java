package org.palmares.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.palmares.platform.web.Language;
import org.palmares.platform.web.Messages;

/**
 * The rate limits of {@link RateLimits}, as route handlers: {@link #limit} charges one request to
 * the caller's bucket for a route class (the account's or evaluator's when the request shows a
 * known credential, else the client address's), {@link #stream} also caps the live streams one
 * client holds open. Over a limit: 429, {@code Retry-After} and a sentence in the caller's
 * language, in the one error shape.
 *
 * <p>Buckets are Bucket4j token buckets in bounded Caffeine caches. A bucket left alone for its
 * whole period is full again, so it is forgotten after that long: the memory follows the clients
 * of the last hour, not all clients ever seen.
 */
final class RateLimiter {
  /** What a refused stream is told to wait: streams close when pages do, within seconds. */
  private static final long STREAM_RETRY_SECONDS = 10;

  private final RateLimits limits;
  private final CallerKeys callers;
  private final Map<RouteClass, Cache<String, Bucket>> accountBuckets = new EnumMap<>(RouteClass.class);
  private final Map<RouteClass, Cache<String, Bucket>> addressBuckets = new EnumMap<>(RouteClass.class);
  /** The open streams of each client (account key or address), to count them. */
  private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();

  RateLimiter(Vertx vertx, RateLimits limits, CallerKeys callers) {
    this.limits = limits;
    this.callers = callers;
    for (RouteClass c : RouteClass.values()) {
      accountBuckets.put(c, buckets(limits.perAccount().get(c)));
      addressBuckets.put(c, buckets(limits.perAddress().get(c)));
    }
    // streams closed since their client last opened one: swept so an idle client costs nothing
    vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> streams.keySet().forEach(this::openStreams));
  }

  private static Cache<String, Bucket> buckets(RateLimits.Budget budget) {
    return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(budget.period()).build();
  }

  /** A handler charging one request of {@code routes} to its caller. */
  Handler<RoutingContext> limit(RouteClass routes) {
    return ctx -> {
      if (admit(ctx, routes)) {
        ctx.next();
      }
    };
  }

  /** The handler of every {@code /api} request: charges it to its {@link RouteClass#ofApi class}. */
  Handler<RoutingContext> api() {
    Handler<RoutingContext> stream = stream();
    return ctx -> {
      RouteClass routes = RouteClass.ofApi(ctx.request().method(), ctx.request().path());
      if (routes == RouteClass.STREAMS) {
        stream.handle(ctx);
      } else if (admit(ctx, routes)) {
        ctx.next();
      }
    };
  }

  /** A handler for a live stream: one opening charged to {@link RouteClass#STREAMS}, then the cap on open streams. */
  Handler<RoutingContext> stream() {
    return ctx -> {
      if (!admit(ctx, RouteClass.STREAMS)) {
        return;
      }
      Optional<String> account = callers.of(ctx, RouteClass.STREAMS);
      String client = account.orElse("address:" + ClientAddress.of(ctx));
      if (openStreams(client) >= limits.streamsPerClient()) {
        Language lang = Readers.language(ctx);
        ctx.fail(new ApiException(429, "too_many_streams", text(lang, "rate.streams", who(account, lang),
            limits.streamsPerClient(), STREAM_RETRY_SECONDS)).retryAfter(STREAM_RETRY_SECONDS));
        return;
      }
      streams.computeIfAbsent(client, k -> ConcurrentHashMap.newKeySet()).add(ctx.response());
      ctx.next();
    };
  }

  /** The client's streams still open, forgetting the ended ones (and the client, when none is left). */
  private int openStreams(String client) {
    Set<HttpServerResponse> open = streams.get(client);
    if (open == null) {
      return 0;
    }
    open.removeIf(r -> r.closed() || r.ended());
    if (open.isEmpty()) {
      streams.remove(client, open);
    }
    return open.size();
  }

  /** Charges one request; false when refused (the context then failed with the 429). */
  private boolean admit(RoutingContext ctx, RouteClass routes) {
    Optional<String> account = callers.of(ctx, routes);
    RateLimits.Budget budget = account.isPresent() ? limits.perAccount().get(routes) : limits.perAddress().get(routes);
    Bucket bucket = (account.isPresent() ? accountBuckets : addressBuckets).get(routes)
        .get(account.orElseGet(() -> ClientAddress.of(ctx)), k -> Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(budget.requests())
                .refillGreedy(budget.requests(), budget.period()).build())
            .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return true;
    }
    long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
    Language lang = Readers.language(ctx);
    ctx.fail(new ApiException(429, "rate_limited", text(lang, "rate.limited", text(lang, "class." + routes.key()),
        who(account, lang), budget.requests(), unit(budget.period(), lang), seconds)).retryAfter(seconds));
    return false;
  }

  private static String who(Optional<String> account, Language lang) {
    return text(lang, account.isEmpty() ? "who.address"
        : account.get().startsWith("evaluator:") ? "who.evaluator" : "who.account");
  }

  /** "minute", "hour", or the period itself when it is neither. */
  private static String unit(Duration period, Language lang) {
    if (period.equals(Duration.ofSeconds(1))) {
      return text(lang, "unit.second");
    }
    if (period.equals(Duration.ofMinutes(1))) {
      return text(lang, "unit.minute");
    }
    return period.equals(Duration.ofHours(1)) ? text(lang, "unit.hour") : period.toString();
  }

  private static String text(Language lang, String key, Object... args) {
    return Messages.of(lang).t("edge." + key, args);
  }

}
