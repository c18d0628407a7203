package com.missedcall.recovery.jobs;

import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker verticle for some kinds of job: woken by {@link Addresses#CONVERSATION_JOB_READY} when one is
 * committed, and sweeping for due jobs and expired leases on a timer (the hint may be lost, the job may
 * be due later, another process may have crashed holding it). A handler that fails is retried with
 * back-off, and given up after {@code maxAttempts}; a handler that lost its lease just stops.
 */
public abstract class JobWorker extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  private final JobQueue queue;
  private final List<String> kinds;
  private final Duration lease;
  private final Duration sweepInterval;
  private final int maxAttempts;
  private final Backoff backoff;
  private final RecoveryMetrics metrics;
  private final Counter postgresErrors;
  private final InFlight inFlight = new InFlight();
  private MessageConsumer<Long> wakeUps;
  private long sweepTimer = -1;
  private volatile boolean stopping;

  protected JobWorker(JobQueue queue, List<String> kinds, Duration lease, Duration sweepInterval, int maxAttempts,
                      Backoff backoff, RecoveryMetrics metrics) {
    this.queue = queue;
    this.kinds = List.copyOf(kinds);
    this.lease = lease;
    this.sweepInterval = sweepInterval;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.metrics = metrics;
    this.postgresErrors = metrics.postgresErrors("jobs");
  }

  protected RecoveryMetrics metrics() {
    return metrics;
  }

  /** Does the job's work; must finish it with {@link JobQueue#finish} (or reschedule it) in its transaction. */
  protected abstract Future<Void> handle(ClaimedJob job);

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().consumer(Addresses.CONVERSATION_JOB_READY,
        msg -> run(queue.claim(msg.body(), kinds, lease)));
    sweepTimer = vertx.setPeriodic(sweepInterval.toMillis(), id -> sweep());
    return wakeUps.completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(sweepTimer);
    Future<Void> drained = inFlight.drained(vertx, Duration.ofSeconds(10));
    return wakeUps.unregister().compose(v -> drained);
  }

  private void sweep() {
    if (stopping || inFlight.count() > 100) {
      return;
    }
    run(queue.claimDue(kinds, 20, lease));
  }

  private void run(Future<List<ClaimedJob>> claims) {
    claims.onSuccess(jobs -> jobs.forEach(this::process))
        .onFailure(err -> {
          postgresErrors.increment();
          LOG.atWarn().addKeyValue("kinds", kinds).addKeyValue("error", String.valueOf(err))
              .log("could not claim jobs");
        });
  }

  private void process(ClaimedJob job) {
    Future<Void> done;
    try {
      done = handle(job);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    // a failure left after settling is the retry or failure itself not being written
    inFlight.track(done.recover(err -> settleFailure(job, err)))
        .onFailure(err -> {
          postgresErrors.increment();
          LOG.atWarn().addKeyValue("jobId", job.id()).addKeyValue("kind", job.kind())
              .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(err))).log("job left for the sweeper");
        });
  }

  private Future<Void> settleFailure(ClaimedJob job, Throwable err) {
    if (err instanceof StaleClaim) {
      LOG.atInfo().addKeyValue("jobId", job.id()).addKeyValue("kind", job.kind()).log("job taken over by another worker");
      return Future.succeededFuture();
    }
    LOG.atWarn().addKeyValue("jobId", job.id()).addKeyValue("kind", job.kind()).addKeyValue("attempt", job.attempts())
        .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(err))).log("job failed");
    if (job.attempts() >= maxAttempts) {
      return queue.fail(job, "gave up after " + job.attempts() + " attempts: " + err);
    }
    return queue.retry(job, backoff.delay(job.attempts()), String.valueOf(err));
  }
}
