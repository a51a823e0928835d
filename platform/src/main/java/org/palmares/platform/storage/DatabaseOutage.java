package org.palmares.platform.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the database being away looks like to the platform, in one place: the driver timeouts that
 * make a request notice it within seconds instead of hanging (the driver waits 30 s by default to
 * select a server), and the driver exceptions that mean it (as opposed to a bug or a refused
 * write). The HTTP edge answers these with 503 and {@code Retry-After}; periodic tasks and the
 * in-process evaluator wait and try again.
 */
public final class DatabaseOutage {
  /** How long a request waits for a reachable server before giving up. */
  public static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(3);
  /** How long opening a connection may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /**
   * How long one reply may take. Above the slowest query the platform makes (a leaderboard), far
   * below a hung request: a server that vanished without closing its sockets is noticed.
   */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  /** What clients are told to wait ({@code Retry-After}) while the database is away. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private DatabaseOutage() {}

  /**
   * Client settings with the outage timeouts above, then whatever {@code uri} itself says
   * ({@code serverSelectionTimeoutMS}, {@code connectTimeoutMS}, {@code socketTimeoutMS} win).
   */
  public static MongoClientSettings.Builder settings(ConnectionString uri) {
    return MongoClientSettings.builder()
        .applyToClusterSettings(b -> b.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .applyToSocketSettings(b -> b.connectTimeout((int) CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout((int) READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .applyConnectionString(uri);
  }

  /**
   * Whether {@code failure} (or one of its causes) says the database cannot be reached now: no
   * server could be selected, a connection broke or timed out, the server is not (yet) able to
   * serve. Such a request may be tried again later unchanged.
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
          || t instanceof MongoConnectionPoolClearedException || t instanceof MongoNotPrimaryException
          || t instanceof MongoNodeIsRecoveringException) {
        return true;
      }
    }
    return false;
  }
}
