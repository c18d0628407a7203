package com.missedcall.recovery.work;

import com.missedcall.recovery.calls.CallerNumber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one engine of leased work (outbound texts, conversation and AI jobs, outbound webhooks): it claims due
 * rows of one table ({@link ClaimSql}, {@code FOR UPDATE SKIP LOCKED}, so any number of engines in any number
 * of processes share it), holds them under a lease, hands each to the worker's {@code handle(job)} and takes
 * care of everything around it:
 * <ul>
 *   <li>wake-up: an event-bus hint claims the one job it names at once; a periodic sweep finds whatever the hints
 *       missed (another process queued it, a hint was lost, the job was due later, a crashed worker's lease
 *       expired). The bus is never the only copy of work: the row is.</li>
 *   <li>back-pressure: at most {@code maxInFlight} jobs are handled at once; claims stop there (the rest waits in
 *       the table), and a sweep or wake-up refused at the cap is made up for as soon as a job finishes.</li>
 *   <li>a full batch means more is waiting (a backlog after an overload): it sweeps again at once.</li>
 *   <li>settle: every settle is fenced by the claim's {@link Fence}; one that no longer matches (the lease expired
 *       and another worker claimed the job again) fails with {@link StaleClaim}, changes nothing, and is counted in
 *       {@code recovery_stale_settles_total{queue}}.</li>
 *   <li>a handler that fails is retried with back-off and then failed ({@link LeaseSettings.Retries}), or simply
 *       left for its lease to expire.</li>
 *   <li>hand-off: a job committed already claimed by this process is handled without claiming it again
 *       ({@link #handOff}).</li>
 *   <li>drain: on undeploy it stops taking work and waits (bounded) for the jobs in flight; unfinished leases
 *       simply expire and are taken over.</li>
 * </ul>
 * It runs on the context that built it (a worker verticle's); its entry points may be called from any thread.
 */
public final class LeaseEngine<J extends Claim> {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseEngine.class);

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final ClaimSql<J> sql;
  private final LeaseSettings settings;
  private final Function<J, Future<Void>> handler;
  private final InFlight inFlight;
  private final Counter staleSettles;
  private final Counter postgresErrors;
  private final Set<Fence> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicBoolean owed = new AtomicBoolean();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long sweepTimer = -1;
  private volatile boolean stopping;

  /**
   * @param inFlight counts the jobs in flight (shared when someone else reads it: the sender's admission); its
   *                 count is the engine's back-pressure
   */
  public LeaseEngine(Vertx vertx, Pool pool, ClaimSql<J> sql, LeaseSettings settings, MeterRegistry registry,
                     InFlight inFlight, Function<J, Future<Void>> handler) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.sql = sql;
    this.settings = settings;
    this.handler = handler;
    this.inFlight = inFlight;
    this.staleSettles = Counter.builder("recovery_stale_settles_total")
        .tag("queue", settings.queue()).register(registry);
    this.postgresErrors = Counter.builder("recovery_postgres_errors_total")
        .tag("component", settings.component()).register(registry);
  }

  /** Registers the wake-up and hand-off consumers and starts the sweep timer. */
  public Future<Void> start() {
    if (settings.wakeAddress() != null) {
      consumers.add(vertx.eventBus().consumer(settings.wakeAddress(), msg -> {
        if (msg.body() instanceof Number id) {
          wake(id.longValue());
        } else {
          sweep();
        }
      }));
    }
    if (settings.handOffAddress() != null) {
      consumers.add(vertx.eventBus().<HandOff<J>>consumer(settings.handOffAddress(),
          msg -> handOff(msg.body().job(), msg.body().startBy())));
    }
    sweepTimer = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweep());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** Stops taking work, then waits at most the drain timeout for the jobs in flight. */
  public Future<Void> stop() {
    stopping = true;
    vertx.cancelTimer(sweepTimer);
    Future<Void> drained = inFlight.drained(vertx, settings.drainTimeout());
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).compose(v -> drained);
  }

  /** Jobs claimed and not finished. */
  public int inFlight() {
    return inFlight.count();
  }

  /** Settles refused because their claim was no longer the job's current one. */
  public double staleSettles() {
    return staleSettles.count();
  }

  /**
   * Claims job {@code id} now if it is due and free (a wake-up hint) and completes with how many jobs that took
   * (0 or 1); at the cap it claims nothing, and a sweep makes up for it as soon as a job finishes.
   */
  public Future<Integer> wake(long id) {
    Promise<Integer> claimed = Promise.promise();
    onContext(() -> {
      if (stopping) {
        claimed.complete(0);
      } else if (sql.claimOne() == null) {
        sweep().onComplete(claimed);
      } else {
        int slots = reserve(1);
        if (slots == 0) {
          owed.set(true);
          claimed.complete(0);
        } else {
          run(sql.claimOne(pool, id, settings.lease()), slots).onComplete(claimed);
        }
      }
    });
    return claimed.future();
  }

  /**
   * Claims due work (and work whose lease expired) up to the batch and the room under the cap; completes with how
   * many jobs this first claim took. A full claim sweeps again at once.
   */
  public Future<Integer> sweep() {
    Promise<Integer> claimed = Promise.promise();
    onContext(() -> {
      if (stopping) {
        claimed.complete(0);
        return;
      }
      int slots = reserve(settings.batch());
      if (slots == 0) {
        owed.set(true);
        claimed.complete(0);
        return;
      }
      run(sql.claimDue(pool, slots, settings.lease()), slots)
          .onSuccess(n -> {
            if (n == slots) {
              onContext(this::sweep);
            }
          })
          .onComplete(claimed);
    });
    return claimed.future();
  }

  /**
   * Handles a job this process committed already claimed, without claiming it again; false (and nothing happens)
   * when the engine is stopping, when {@code startBy} has passed (the work might outlive the lease, so whoever
   * takes the job over after the lease could not know about it), or when this claim is already being handled here.
   * A job left alone is claimed by a sweep once its lease has run out.
   */
  public boolean handOff(J job, Instant startBy) {
    if (stopping || !Instant.now().isBefore(startBy)) {
      LOG.atInfo().addKeyValue("queue", settings.queue()).addKeyValue("jobId", job.fence().id())
          .log("claimed job left to the sweeper (stopping, or its lease is running out)");
      return false;
    }
    if (!running.add(job.fence())) {
      return false;
    }
    onContext(() -> handle(job));
    return true;
  }

  private int reserve(int wanted) {
    int room = settings.maxInFlight() - inFlight.count() - reserved.get();
    int slots = Math.max(0, Math.min(wanted, room));
    reserved.addAndGet(slots);
    return slots;
  }

  private Future<Integer> run(Future<List<J>> claims, int slots) {
    return claims
        .map(jobs -> {
          jobs.stream().filter(job -> running.add(job.fence())).forEach(this::handle);
          reserved.addAndGet(-slots);
          return jobs.size();
        })
        .recover(err -> {
          reserved.addAndGet(-slots);
          postgresErrors.increment();
          LOG.atWarn().addKeyValue("queue", settings.queue()).addKeyValue("error", String.valueOf(err))
              .log("could not claim jobs");
          return Future.succeededFuture(0);
        });
  }

  private void handle(J job) {
    Future<Void> done;
    try {
      done = handler.apply(job);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    inFlight.track(done.recover(err -> settleFailure(job, err)))
        .onComplete(ar -> {
          running.remove(job.fence());
          if (ar.failed()) {
            // what is left after settling is the settle itself not written: the lease will expire
            postgresErrors.increment();
            LOG.atWarn().addKeyValue("queue", settings.queue()).addKeyValue("jobId", job.fence().id())
                .addKeyValue("attempt", job.fence().attempt())
                .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(ar.cause())))
                .log("job left for the sweeper");
          }
          if (!stopping && owed.get() && settings.maxInFlight() - inFlight.count() > 0 && owed.compareAndSet(true, false)) {
            onContext(this::sweep);
          }
        });
  }

  private Future<Void> settleFailure(J job, Throwable err) {
    if (err instanceof StaleClaim) {
      return stale(job);
    }
    LeaseSettings.Retries retries = settings.retries();
    if (retries == null || !sql.retries()) {
      return Future.failedFuture(err);
    }
    Fence fence = job.fence();
    String why = CallerNumber.maskWithin(String.valueOf(err));
    LOG.atWarn().addKeyValue("queue", settings.queue()).addKeyValue("jobId", fence.id())
        .addKeyValue("attempt", fence.attempt()).addKeyValue("error", why).log("job failed");
    int tries = job.tries();
    Future<Void> settled = tries >= retries.maxAttempts()
        ? sql.fail(pool, job, "gave up after " + tries + " attempts: " + why)
        : sql.retry(pool, job, retries.backoff().delay(tries), why);
    return settled.recover(e -> e instanceof StaleClaim ? stale(job) : Future.failedFuture(e));
  }

  private Future<Void> stale(J job) {
    staleSettles.increment();
    LOG.atInfo().addKeyValue("queue", settings.queue()).addKeyValue("jobId", job.fence().id())
        .addKeyValue("attempt", job.fence().attempt())
        .log("settle refused: the claim's lease expired and another worker holds the job");
    return Future.succeededFuture();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
