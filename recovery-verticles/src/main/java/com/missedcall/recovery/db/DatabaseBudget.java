package com.missedcall.recovery.db;

import com.missedcall.recovery.Overloaded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One process's budget of in-flight PostgreSQL work, shared by everything that uses the main pool, so the
 * pool's own wait queue never fills: work waits here, by {@link WorkPriority}, in queues with a bound, and is
 * shed <em>before</em> it is queued when its class's queue is full, or taken out unrun when it waited longer
 * than its class may wait. Either way it fails with {@link Overloaded} and nothing of it ran, so a webhook
 * answered from it is answered 503 {@code overloaded} with nothing written, and offered load beyond capacity
 * costs a comparison and a counter.
 *
 * <p>How many may run at once follows the database: a {@link GradientLimit} fed with the latency of the
 * decision statements (never more than the pool has connections). A freed permit goes to the highest class
 * waiting; each class holds at most its share of the limit ({@link WorkPriority#cap}), so sweeps and callbacks
 * can never take the whole pool from decisions and the sender.
 */
public final class DatabaseBudget {
  /** How long work of each class may wait for a permit before it is dropped unrun. */
  public record Waits(Duration decision, Duration send, Duration callback, Duration background) {
    Duration of(WorkPriority p) {
      return switch (p) {
        case DECISION -> decision;
        case SEND -> send;
        case CALLBACK -> callback;
        case BACKGROUND -> background;
      };
    }
  }

  /** A permit to run one piece of work; released once, when the work completes. */
  public final class Permit {
    private final WorkPriority priority;
    private final long grantedNanos = System.nanoTime();
    private final int inFlightAtGrant;
    private boolean released;

    private Permit(WorkPriority priority, int inFlightAtGrant) {
      this.priority = priority;
      this.inFlightAtGrant = inFlightAtGrant;
    }

    /**
     * Gives the permit back. {@code sample}: the work was a decision statement that succeeded, and its time is a
     * latency sample of the limit (only those: look-ups and seeds are far quicker, and a minimum taken from them
     * would hold the limit at its floor).
     */
    public void release(boolean sample) {
      synchronized (DatabaseBudget.this) {
        if (released) {
          return;
        }
        released = true;
        inFlight[priority.ordinal()]--;
        total--;
      }
      if (sample) {
        limiter.sample(System.nanoTime() - grantedNanos, inFlightAtGrant);
      }
      grantWaiting();
    }
  }

  private record Waiter(WorkPriority priority, Context context, Promise<Permit> promise, long deadlineNanos) {}

  private final Vertx vertx;
  private final GradientLimit limiter;
  private final int queueLimit;
  private final Waits waits;
  private final int[] inFlight = new int[WorkPriority.values().length];
  private final List<ArrayDeque<Waiter>> waiting = new ArrayList<>();
  private final Map<WorkPriority, Counter> queueFull = new EnumMap<>(WorkPriority.class);
  private final Map<WorkPriority, Counter> waitedTooLong = new EnumMap<>(WorkPriority.class);
  private int total;
  private long sweepTimer = -1;

  /**
   * @param queueLimit how many may wait per class; one more is shed at once
   */
  public DatabaseBudget(Vertx vertx, MeterRegistry registry, GradientLimit limiter, int queueLimit, Waits waits) {
    if (queueLimit < 0) {
      throw new IllegalArgumentException("queueLimit must not be negative");
    }
    this.vertx = vertx;
    this.limiter = limiter;
    this.queueLimit = queueLimit;
    this.waits = waits;
    for (WorkPriority p : WorkPriority.values()) {
      waiting.add(new ArrayDeque<>());
      Gauge.builder("recovery_db_budget_in_flight", this, b -> b.inFlight(p))
          .description("PostgreSQL work running under the budget, by priority").tag("priority", p.label())
          .register(registry);
      Gauge.builder("recovery_db_budget_waiting", this, b -> b.waiting(p))
          .description("PostgreSQL work waiting for a budget permit, by priority").tag("priority", p.label())
          .register(registry);
      queueFull.put(p, shedCounter(registry, p.label(), "queue_full"));
      waitedTooLong.put(p, shedCounter(registry, p.label(), "wait_timeout"));
    }
    Gauge.builder("recovery_db_budget_limit", limiter, GradientLimit::limit)
        .description("PostgreSQL work the budget lets run at once (adapted to the decision statements' latency)")
        .register(registry);
    Gauge.builder("recovery_db_budget_min_latency_seconds", limiter, l -> l.minLatencyNanos() / 1e9)
        .description("lowest recent latency of decision-class work, the limit's reference").register(registry);
  }

  /** The counter of work shed before it ran, by priority and reason (also used by other admission checks). */
  public static Counter shedCounter(MeterRegistry registry, String priority, String reason) {
    return Counter.builder("recovery_admission_shed_total")
        .description("work refused before anything of it ran or was written, by priority and reason")
        .tag("priority", priority).tag("reason", reason).register(registry);
  }

  /** A view of {@code pool} whose every statement, transaction and connection first takes a permit of {@code priority}. */
  public Pool pool(Pool pool, WorkPriority priority) {
    return new BudgetedPool(pool, this, priority);
  }

  /**
   * Runs {@code work} under a permit of {@code priority}; fails with {@link Overloaded} (not run) when shed. Not a
   * latency sample (the decision lanes sample their own statements).
   */
  public <T> Future<T> run(WorkPriority priority, Supplier<Future<T>> work) {
    return acquire(priority).compose(permit -> {
      Future<T> f;
      try {
        f = work.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      return f.andThen(ar -> permit.release(false));
    });
  }

  /**
   * A permit at once when one is free and nobody of this or a higher class waits; else a place in the class's
   * queue, or {@link Overloaded} at once when that queue is full.
   */
  public Future<Permit> acquire(WorkPriority priority) {
    Waiter waiter;
    synchronized (this) {
      if (nobodyWaitsAbove(priority.ordinal() + 1) && fits(priority)) {
        return Future.succeededFuture(grant(priority));
      }
      ArrayDeque<Waiter> queue = waiting.get(priority.ordinal());
      if (queue.size() >= queueLimit) {
        waiter = null;
      } else {
        waiter = new Waiter(priority, vertx.getOrCreateContext(), Promise.promise(),
            System.nanoTime() + waits.of(priority).toNanos());
        queue.add(waiter);
        startSweeping();
      }
    }
    if (waiter == null) {
      queueFull.get(priority).increment();
      return Future.failedFuture(new Overloaded("database budget: too much " + priority.label() + " work waiting"));
    }
    return waiter.promise().future();
  }

  public synchronized int inFlight(WorkPriority priority) {
    return inFlight[priority.ordinal()];
  }

  public synchronized int waiting(WorkPriority priority) {
    return waiting.get(priority.ordinal()).size();
  }

  /** Runs {@code action} a few milliseconds from now (a lane the budget shed tries again). */
  void later(Runnable action) {
    vertx.setTimer(5, id -> action.run());
  }

  public int limit() {
    return limiter.limit();
  }

  private boolean nobodyWaitsAbove(int endExclusive) {
    for (int i = 0; i < endExclusive; i++) {
      if (!waiting.get(i).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private boolean fits(WorkPriority priority) {
    int limit = limiter.limit();
    return total < limit && inFlight[priority.ordinal()] < priority.cap(limit);
  }

  private Permit grant(WorkPriority priority) {
    inFlight[priority.ordinal()]++;
    total++;
    return new Permit(priority, total);
  }

  /** Hands freed permits to the highest classes waiting; drops waiters past their deadline. */
  private void grantWaiting() {
    List<Waiter> granted = new ArrayList<>();
    List<Permit> permits = new ArrayList<>();
    List<Waiter> expired = new ArrayList<>();
    long now = System.nanoTime();
    synchronized (this) {
      for (WorkPriority p : WorkPriority.values()) {
        ArrayDeque<Waiter> queue = waiting.get(p.ordinal());
        while (!queue.isEmpty()) {
          Waiter head = queue.peek();
          if (now - head.deadlineNanos() > 0) {
            expired.add(queue.poll());
          } else if (fits(p)) {
            granted.add(queue.poll());
            permits.add(grant(p));
          } else {
            break;
          }
        }
        if (total >= limiter.limit()) {
          break; // nothing left for lower classes either
        }
      }
    }
    for (int i = 0; i < granted.size(); i++) {
      Waiter w = granted.get(i);
      Permit permit = permits.get(i);
      w.context().runOnContext(v -> {
        if (!w.promise().tryComplete(permit)) {
          permit.release(false);
        }
      });
    }
    expired.forEach(this::dropUnrun);
  }

  private void dropUnrun(Waiter w) {
    waitedTooLong.get(w.priority()).increment();
    w.context().runOnContext(v -> w.promise().tryFail(
        new Overloaded("database budget: " + w.priority().label() + " work waited too long for the database")));
  }

  /** While anything waits, a timer takes out what waited too long (a permit may not free for a while). */
  private void startSweeping() {
    if (sweepTimer >= 0) {
      return;
    }
    sweepTimer = vertx.setPeriodic(20, id -> {
      List<Waiter> expired = new ArrayList<>();
      long now = System.nanoTime();
      boolean empty = true;
      synchronized (this) {
        for (ArrayDeque<Waiter> queue : waiting) {
          for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (now - w.deadlineNanos() > 0) {
              it.remove();
              expired.add(w);
            }
          }
          empty &= queue.isEmpty();
        }
        if (empty) {
          vertx.cancelTimer(id);
          sweepTimer = -1;
        }
      }
      expired.forEach(this::dropUnrun);
      if (!expired.isEmpty()) {
        grantWaiting(); // a lower class may have been waiting behind one that left
      }
    });
  }
}
