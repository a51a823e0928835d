package org.palmares.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A token-bucket limit per client address on a route (Bucket4j buckets in a bounded Caffeine
 * cache, so many addresses cost bounded memory). Over the limit the request is refused with 429,
 * the one JSON error shape and {@code Retry-After}.
 */
final class RateLimit implements Handler<RoutingContext> {
  private final String what;
  private final long capacity;
  private final Duration period;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterAccess(Duration.ofHours(1))
      .build();

  /** At most {@code capacity} requests per {@code period} per client address, refilled gradually. */
  RateLimit(String what, long capacity, Duration period) {
    this.what = what;
    this.capacity = capacity;
    this.period = period;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    Bucket bucket = buckets.get(client, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      ctx.next();
      return;
    }
    long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
    ctx.response().putHeader("Retry-After", String.valueOf(seconds));
    ctx.fail(new ApiException(429, "rate_limited", "too many " + what + " from your address (at most " + capacity
        + " per " + period.toMinutes() + " min); try again in " + seconds + " s"));
  }
}
