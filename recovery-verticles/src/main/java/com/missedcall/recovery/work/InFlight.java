package com.missedcall.recovery.work;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the jobs a worker verticle has claimed and not finished, so it can throttle its sweeps and,
 * on stop, give them a bounded time to finish (unfinished leases simply expire and are taken over).
 */
public final class InFlight {
  private final AtomicInteger count = new AtomicInteger();
  private volatile Runnable onFinished = () -> { };

  /** {@code listener} is told each time a job finishes, whatever its outcome (to measure a send rate). */
  public void onFinished(Runnable listener) {
    this.onFinished = listener;
  }

  public int count() {
    return count.get();
  }

  /** Counts {@code work} until it completes, whatever its outcome. */
  public <T> Future<T> track(Future<T> work) {
    count.incrementAndGet();
    return work.onComplete(ar -> {
      count.decrementAndGet();
      onFinished.run();
    });
  }

  /** Completes once nothing is in flight, or after {@code atMost}. */
  public Future<Void> drained(Vertx vertx, Duration atMost) {
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + atMost.toNanos();
    vertx.setPeriodic(50, id -> {
      if (count.get() == 0 || System.nanoTime() - deadline > 0) {
        vertx.cancelTimer(id);
        drained.tryComplete();
      }
    });
    return drained.future();
  }
}
