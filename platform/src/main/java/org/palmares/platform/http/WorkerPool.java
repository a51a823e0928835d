package org.palmares.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one pool that runs the edge's blocking work (database, password hashing, archive checks):
 * a fixed number of threads and a bounded queue. When both are full the work is refused at once
 * with a 503 and {@code Retry-After}, so an overload slows nobody down for long: requests that
 * need no blocking work (and, shortly, the others) keep being answered.
 */
public final class WorkerPool implements Shareable {
  private static final String MAP = "palmares.edge";
  private static final String KEY = "workers";

  private final WorkerExecutor executor;
  private final int capacity;
  private final long retryAfterSeconds;
  private final AtomicInteger admitted = new AtomicInteger();

  private WorkerPool(Vertx vertx, EdgeLimits limits) {
    this.executor = vertx.createSharedWorkerExecutor("palmares-edge", limits.workerThreads());
    this.capacity = limits.workerThreads() + limits.workerQueue();
    this.retryAfterSeconds = limits.retryAfter().toSeconds();
  }

  /** Creates the pool of this Vert.x instance (once, by the HTTP verticle). */
  static WorkerPool install(Vertx vertx, EdgeLimits limits) {
    WorkerPool pool = new WorkerPool(vertx, limits);
    vertx.sharedData().<String, WorkerPool>getLocalMap(MAP).put(KEY, pool);
    return pool;
  }

  /** The pool of this Vert.x instance, or null before the HTTP verticle made it. */
  static WorkerPool of(Vertx vertx) {
    return vertx.sharedData().<String, WorkerPool>getLocalMap(MAP).get(KEY);
  }

  /**
   * Runs {@code work} on a pool thread, unordered (requests do not wait for one another's work);
   * fails at once with a 503 {@link ApiException} when every thread is busy and the queue is full.
   */
  public <T> Future<T> run(Callable<T> work) {
    if (admitted.incrementAndGet() > capacity) {
      admitted.decrementAndGet();
      return Future.failedFuture(new ApiException(503, "busy", "the server is busy; try again in "
          + retryAfterSeconds + " s").retryAfter(retryAfterSeconds));
    }
    return executor.executeBlocking(work, false).andThen(done -> admitted.decrementAndGet());
  }

  /** Tasks running or waiting now. */
  public int pending() {
    return admitted.get();
  }

  void close() {
    executor.close();
  }
}
