package com.missedcall.recovery.db;

import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.StorageUnavailable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit for the hot path: requests that arrive while a lane's statement is running wait in that
 * lane and go together in its next statement, so N webhooks cost one round trip and one commit instead
 * of N. An idle lane runs a request at once (no timer, no added latency); the busier the database, the
 * bigger the batches. A key picks the lane, so requests that touch the same rows (one workspace's
 * counters, one message) never race each other in two concurrent statements of this process.
 *
 * <p>Overload is shed, not queued without end: a request is refused at once when its lane already
 * holds {@code maxQueued} requests, and a request whose caller stopped waiting (its deadline passed, so
 * the webhook was already answered 503 and Twilio will retry) is dropped instead of being run. Either
 * way the request fails with {@link Overloaded}, nothing was written, and nothing was acknowledged.
 *
 * <p>When a batch fails (a deadlock with another process, one bad row), its requests are run again one
 * by one, each in its own statement, so one request cannot fail the others.
 */
public final class StatementBatcher<I, O> {
  private final String name;
  private final Function<List<I>, Future<List<O>>> statement;
  private final ToIntFunction<I> key;
  private final Lane[] lanes;
  private final int maxBatch;
  private final int maxQueued;
  private final long maxWaitNanos;

  /**
   * @param statement runs one batch in one statement and answers one result per request, in order
   * @param key       requests with the same key share a lane (and so never run concurrently)
   * @param maxWaitNanos how long a request may wait for its turn before it is dropped
   */
  public StatementBatcher(String name, int lanes, int maxBatch, int maxQueued, long maxWaitNanos,
                          ToIntFunction<I> key, Function<List<I>, Future<List<O>>> statement) {
    if (lanes < 1 || maxBatch < 1 || maxQueued < 1) {
      throw new IllegalArgumentException("lanes, maxBatch and maxQueued must be positive");
    }
    this.name = name;
    this.statement = statement;
    this.key = key;
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.maxWaitNanos = maxWaitNanos;
    this.lanes = new StatementBatcher.Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane();
    }
  }

  /** Completes on the caller's context once the request's batch committed. */
  public Future<O> submit(Vertx vertx, I request) {
    Context context = vertx.getOrCreateContext();
    Promise<O> promise = Promise.promise();
    Pending<I, O> pending = new Pending<>(request, context, promise, System.nanoTime() + maxWaitNanos);
    lane(key.applyAsInt(request)).add(pending);
    return promise.future();
  }

  /** Whether a request with this key would be queued now (it may still be shed if many arrive at once). */
  public boolean hasRoom(int requestKey) {
    return lane(requestKey).waiting() < maxQueued;
  }

  private Lane lane(int requestKey) {
    return lanes[Math.floorMod(requestKey, lanes.length)];
  }

  /** Requests waiting or running, over all lanes (a gauge). */
  public int queued() {
    int n = 0;
    for (Lane lane : lanes) {
      n += lane.size();
    }
    return n;
  }

  private record Pending<I, O>(I request, Context context, Promise<O> promise, long deadlineNanos) {
    void complete(O result) {
      context.runOnContext(v -> promise.complete(result));
    }

    void fail(Throwable err) {
      context.runOnContext(v -> promise.fail(err));
    }
  }

  private final class Lane {
    private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
    private boolean running;
    private int inBatch;

    synchronized int size() {
      return waiting.size() + inBatch;
    }

    synchronized int waiting() {
      return waiting.size();
    }

    void add(Pending<I, O> pending) {
      boolean accepted;
      boolean start = false;
      synchronized (this) {
        accepted = waiting.size() < maxQueued;
        if (accepted) {
          waiting.add(pending);
          start = !running;
          running = true;
        }
      }
      if (!accepted) {
        pending.fail(new Overloaded(name + ": too many requests waiting"));
      } else if (start) {
        next();
      }
    }

    /** Takes the next batch (dropping requests nobody waits for any more) and runs it; stops when idle. */
    private void next() {
      List<Pending<I, O>> batch = new ArrayList<>();
      List<Pending<I, O>> expired = new ArrayList<>();
      long now = System.nanoTime();
      synchronized (this) {
        while (batch.size() < maxBatch && !waiting.isEmpty()) {
          Pending<I, O> p = waiting.poll();
          (now - p.deadlineNanos() > 0 ? expired : batch).add(p);
        }
        inBatch = batch.size();
        if (batch.isEmpty()) {
          running = false;
        }
      }
      expired.forEach(p -> p.fail(new Overloaded(name + ": gave up waiting for the database")));
      if (batch.isEmpty()) {
        return;
      }
      run(batch).onComplete(ar -> next());
    }

    private Future<Void> run(List<Pending<I, O>> batch) {
      List<I> requests = new ArrayList<>(batch.size());
      batch.forEach(p -> requests.add(p.request()));
      return execute(requests).transform(ar -> {
        if (ar.succeeded() && ar.result().size() == batch.size()) {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(ar.result().get(i));
          }
          return Future.succeededFuture();
        }
        if (batch.size() == 1) {
          batch.get(0).fail(ar.failed() ? new StorageUnavailable(ar.cause())
              : new StorageUnavailable(new IllegalStateException(name + ": no result")));
          return Future.succeededFuture();
        }
        // one by one, each in its own statement and transaction: one bad request cannot fail the others
        List<Future<Void>> singles = new ArrayList<>(batch.size());
        for (Pending<I, O> p : batch) {
          singles.add(run(List.of(p)));
        }
        return Future.join(singles).mapEmpty();
      });
    }

    private Future<List<O>> execute(List<I> requests) {
      try {
        return statement.apply(requests);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
  }
}
