package org.palmares.platform.http;

import java.time.Duration;

/**
 * How much of the server one client may hold, and for how long: the timeouts of every
 * connection, the connections one address may keep open, and the bounded pool that runs blocking
 * work. Listed with their defaults in {@code docs/security.md} ("The HTTP edge").
 *
 * @param idleTimeout              a connection on which nothing is read or written for this long is closed
 * @param headerTimeout            time allowed to send a request's line and headers, from the connection's opening
 *                                 or the end of the previous response (also the keep-alive time between requests)
 * @param bodyTimeout              every period of this length, a request body still being received must have
 *                                 brought at least {@code minBodyBytesPerSecond × period} bytes (or be complete),
 *                                 or the request is answered 408 and its connection closed
 * @param minBodyBytesPerSecond    the slowest upload accepted, averaged over each {@code bodyTimeout}
 * @param maxConnectionsPerAddress open connections one client address may hold; more are closed at once
 * @param workerThreads            threads of the pool that runs blocking work (database, password hashing, archives)
 * @param workerQueue              tasks that may wait for a thread; beyond, requests are answered 503 with
 *                                 {@code Retry-After}
 * @param retryAfter               what a 503 of a full pool tells the client to wait
 * @param rates                    the rate limits per route class and caller, and the trusted proxies
 */
public record EdgeLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, long minBodyBytesPerSecond,
    int maxConnectionsPerAddress, int workerThreads, int workerQueue, Duration retryAfter, RateLimits rates) {

  public EdgeLimits {
    if (idleTimeout.toMillis() < 1 || headerTimeout.toMillis() < 1 || bodyTimeout.toMillis() < 1
        || minBodyBytesPerSecond < 0 || maxConnectionsPerAddress < 1 || workerThreads < 1 || workerQueue < 0
        || retryAfter.toSeconds() < 1) {
      throw new IllegalArgumentException("edge limits must be positive: " + this);
    }
  }

  /**
   * Generous for people on slow links and for a class behind one address, tight enough that
   * thousands of idle or half-sent connections cannot pile up.
   */
  public static EdgeLimits defaults() {
    return new EdgeLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 4 * 1024, 100,
        20, 200, Duration.ofSeconds(5), RateLimits.defaults());
  }

  public EdgeLimits withTimeouts(Duration idle, Duration headers, Duration body) {
    return new EdgeLimits(idle, headers, body, minBodyBytesPerSecond, maxConnectionsPerAddress, workerThreads,
        workerQueue, retryAfter, rates);
  }

  public EdgeLimits withMaxConnectionsPerAddress(int max) {
    return new EdgeLimits(idleTimeout, headerTimeout, bodyTimeout, minBodyBytesPerSecond, max, workerThreads,
        workerQueue, retryAfter, rates);
  }

  public EdgeLimits withWorkers(int threads, int queue) {
    return new EdgeLimits(idleTimeout, headerTimeout, bodyTimeout, minBodyBytesPerSecond, maxConnectionsPerAddress,
        threads, queue, retryAfter, rates);
  }

  public EdgeLimits withRates(RateLimits limits) {
    return new EdgeLimits(idleTimeout, headerTimeout, bodyTimeout, minBodyBytesPerSecond, maxConnectionsPerAddress,
        workerThreads, workerQueue, retryAfter, limits);
  }
}
