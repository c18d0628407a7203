package com.missedcall.recovery.jobs;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.work.InFlight;
import com.missedcall.recovery.work.LeaseSettings;
import com.missedcall.recovery.work.LeasedWorker;
import java.time.Duration;
import java.util.List;

/**
 * A worker verticle for some kinds of job: woken by {@link Addresses#CONVERSATION_JOB_READY} when one is
 * committed, sweeping for due jobs and expired leases on a timer (the hint may be lost, the job may be due
 * later, another process may have crashed holding it). A handler that fails is retried with back-off, and
 * given up after {@code maxAttempts}; a handler that lost its lease just stops (its settle is refused and
 * counted under {@code recovery_stale_settles_total{queue}}).
 */
public abstract class JobWorker extends LeasedWorker<ClaimedJob> {
  private static final int BATCH = 20;
  private static final int MAX_IN_FLIGHT = 100;
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final RecoveryMetrics metrics;

  /** {@code queue}: the worker's name in logs and in the stale-settle counter. */
  protected JobWorker(JobQueue queue, String queueName, List<String> kinds, Duration lease, Duration sweepInterval,
                      int maxAttempts, Backoff backoff, RecoveryMetrics metrics) {
    this(queue, queueName, kinds, lease, sweepInterval, maxAttempts, backoff, metrics,
        Addresses.CONVERSATION_JOB_READY);
  }

  /** As above, woken by hints on {@code wakeAddress} (kinds nobody else handles need not wake every worker). */
  protected JobWorker(JobQueue queue, String queueName, List<String> kinds, Duration lease, Duration sweepInterval,
                      int maxAttempts, Backoff backoff, RecoveryMetrics metrics, String wakeAddress) {
    super(queue.pool(), JobQueue.claims(kinds), new LeaseSettings(queueName, "jobs", lease, sweepInterval, BATCH,
        MAX_IN_FLIGHT, DRAIN, wakeAddress, null,
        new LeaseSettings.Retries(maxAttempts, backoff)), metrics.registry(), new InFlight());
    this.metrics = metrics;
  }

  protected RecoveryMetrics metrics() {
    return metrics;
  }
}
