package com.missedcall.recovery.db;

import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.RejectedData;
import com.missedcall.recovery.StorageUnavailable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit for the hot path: requests that arrive while a lane's statement is running wait in that
 * lane and go together in its next statement, so N webhooks cost one round trip and one commit instead
 * of N. An idle lane runs a request at once (no timer, no added latency); the busier the database, the
 * bigger the batches. A key picks the lane, so requests that touch the same rows (one workspace's
 * counters, one message) never race each other in two concurrent statements of this process.
 *
 * <p>The answer follows what was written. A request is refused at once when its lane already holds
 * {@code maxQueued} requests, and dropped (taken out of its lane by a timer) when it has not started
 * within {@code maxWait}: either way it fails with {@link Overloaded} and is never run, so nothing of it
 * is written. Once a request's statement has started it is never dropped or timed out here: it completes
 * with that statement's outcome, however late, so a caller that answers from this future never reports
 * "not stored" (503) for work that commits. Callers must not put a shorter timeout of their own on it.
 *
 * <p>One request's bad data never fails the others. When a batch of several fails with a PostgreSQL
 * error, nothing of it was written; it is split in two halves, run one after the other in this lane,
 * and so on down to single requests: the others commit in a few statements and only the culprit fails.
 * A request that fails alone for its own data (SQLSTATE class 22 or 23) fails with {@link RejectedData}
 * and is not run again; alone for any other PostgreSQL error, with {@link StorageUnavailable}. So a
 * request runs at most 1 + log2(maxBatch) times. A failure that is not PostgreSQL's answer (connection
 * refused or lost, pool timeout) is nobody's data: the whole batch fails with {@link StorageUnavailable}
 * at once, without retries against a database that is not there.
 */
public final class StatementBatcher<I, O> {
  private final String name;
  private final Function<List<I>, Future<List<O>>> statement;
  private final ToIntFunction<I> key;
  private final Lane[] lanes;
  private final int maxBatch;
  private final int maxQueued;
  private final long maxWaitNanos;
  private final DatabaseBudget budget;
  private final WorkPriority priority;

  /**
   * @param statement runs one batch in one statement and answers one result per request, in order
   * @param key       requests with the same key share a lane (and so never run concurrently)
   * @param maxWaitNanos how long a request may wait for its statement to start before it is dropped
   */
  public StatementBatcher(String name, int lanes, int maxBatch, int maxQueued, long maxWaitNanos,
                          ToIntFunction<I> key, Function<List<I>, Future<List<O>>> statement) {
    this(name, lanes, maxBatch, maxQueued, maxWaitNanos, key, statement, null, null);
  }

  /**
   * As above, with each lane taking a {@code priority} permit of {@code budget} before it takes its next batch
   * (and holding it while the batch runs): requests keep waiting in their lane, where they can still be
   * dropped unrun, until the database has room, and the batch is as big as it can be when it starts. The
   * statement must then use the pool itself, not a budgeted view of it (one permit per statement).
   */
  public StatementBatcher(String name, int lanes, int maxBatch, int maxQueued, long maxWaitNanos,
                          ToIntFunction<I> key, Function<List<I>, Future<List<O>>> statement,
                          DatabaseBudget budget, WorkPriority priority) {
    this.budget = budget;
    this.priority = priority;
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

  /**
   * Completes on the caller's context with the outcome of the request's statement, or fails with
   * {@link Overloaded} when it was never run.
   */
  public Future<O> submit(Vertx vertx, I request) {
    Context context = vertx.getOrCreateContext();
    Promise<O> promise = Promise.promise();
    Pending<I, O> pending = new Pending<>(vertx, request, context, promise, System.nanoTime() + maxWaitNanos);
    Lane lane = lane(key.applyAsInt(request));
    if (lane.add(pending)) {
      long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
      pending.timer = vertx.setTimer(delayMs, id -> lane.expire(pending));
      if (pending.taken) {
        pending.cancelTimer(); // taken into a batch before its timer was armed
      }
    }
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

  /** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the request's own data. */
  static boolean isDataError(Throwable err) {
    String state = err instanceof PgException pg ? pg.getSqlState() : null;
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  private static final class Pending<I, O> {
    private final I request;
    private final Context context;
    private final Promise<O> promise;
    private final long deadlineNanos;
    private final Vertx vertx;
    private volatile long timer = -1;
    private volatile boolean taken;

    Pending(Vertx vertx, I request, Context context, Promise<O> promise, long deadlineNanos) {
      this.vertx = vertx;
      this.request = request;
      this.context = context;
      this.promise = promise;
      this.deadlineNanos = deadlineNanos;
    }

    /** Only spares the timer: one that fires anyway finds the request no longer waiting. */
    void cancelTimer() {
      long id = timer;
      if (id >= 0) {
        vertx.cancelTimer(id);
      }
    }

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

    /** Queues the request (and starts the lane when idle); false when it was shed. */
    boolean add(Pending<I, O> pending) {
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
      return accepted;
    }

    /** The request's deadline passed: if it is still waiting, it is taken out and never run. */
    void expire(Pending<I, O> pending) {
      boolean removed;
      synchronized (this) {
        removed = waiting.remove(pending);
      }
      if (removed) {
        pending.fail(new Overloaded(name + ": gave up waiting for the database"));
      }
    }

    /** With a budget: waits for a permit first (the requests stay in the lane meanwhile), then takes a batch. */
    private void next() {
      if (budget == null) {
        takeAndRun(null);
        return;
      }
      budget.acquire(priority).onComplete(ar -> {
        if (ar.succeeded()) {
          takeAndRun(ar.result());
          return;
        }
        // the budget shed the lane for now: its requests keep their own deadlines; try again shortly
        boolean idle;
        synchronized (this) {
          idle = waiting.isEmpty();
          if (idle) {
            running = false;
          }
        }
        if (!idle) {
          budget.later(this::next);
        }
      });
    }

    /** Takes the next batch (dropping requests nobody waits for any more) and runs it; stops when idle. */
    private void takeAndRun(DatabaseBudget.Permit permit) {
      List<Pending<I, O>> batch = new ArrayList<>();
      List<Pending<I, O>> expired = new ArrayList<>();
      long now = System.nanoTime();
      synchronized (this) {
        while (batch.size() < maxBatch && !waiting.isEmpty()) {
          Pending<I, O> p = waiting.poll();
          (now - p.deadlineNanos > 0 ? expired : batch).add(p);
        }
        inBatch = batch.size();
        if (batch.isEmpty()) {
          running = false;
        }
      }
      expired.forEach(p -> {
        p.cancelTimer();
        p.fail(new Overloaded(name + ": gave up waiting for the database"));
      });
      if (batch.isEmpty()) {
        if (permit != null) {
          permit.release(false);
        }
        return;
      }
      // from here on each request is answered from its statement's outcome, never dropped
      batch.forEach(p -> {
        p.taken = true;
        p.cancelTimer();
      });
      run(batch).onComplete(ar -> {
        if (permit != null) {
          permit.release(ar.succeeded() && ar.result());
        }
        next();
      });
    }

    /** Succeeds with whether the batch committed in its first statement (a latency sample of the budget). */
    private Future<Boolean> run(List<Pending<I, O>> batch) {
      List<I> requests = new ArrayList<>(batch.size());
      batch.forEach(p -> requests.add(p.request));
      return execute(requests).transform(ar -> {
        if (ar.succeeded() && ar.result().size() == batch.size()) {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(ar.result().get(i));
          }
          return Future.succeededFuture(true);
        }
        Throwable cause = ar.failed() ? ar.cause() : new IllegalStateException(name + ": no result per request");
        if (cause instanceof Overloaded) {
          // a budgeted statement shed before it ran: nothing was written, the answer is "overloaded"
          batch.forEach(p -> p.fail(cause));
          return Future.succeededFuture(false);
        }
        if (batch.size() == 1) {
          batch.get(0).fail(isDataError(cause) ? new RejectedData(((PgException) cause).getSqlState(), cause)
              : new StorageUnavailable(cause));
          return Future.succeededFuture(false);
        }
        if (ar.failed() && !(cause instanceof PgException)) {
          // no answer from PostgreSQL (connection refused or lost, pool timeout): nobody's data is at fault
          batch.forEach(p -> p.fail(new StorageUnavailable(cause)));
          return Future.succeededFuture(false);
        }
        // the statement rolled back: halves, one after the other in this lane, until the culprit is alone
        int half = batch.size() / 2;
        List<Pending<I, O>> second = batch.subList(half, batch.size());
        return run(batch.subList(0, half)).compose(v -> run(second)).map(false);
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
