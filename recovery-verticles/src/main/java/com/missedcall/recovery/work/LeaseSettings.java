package com.missedcall.recovery.work;

import com.missedcall.recovery.sms.Backoff;
import java.time.Duration;

/**
 * How a {@link LeaseEngine} runs one queue.
 *
 * @param queue         the queue's name in logs and in {@code recovery_stale_settles_total{queue}}
 * @param component     the {@code component} of {@code recovery_postgres_errors_total} its database errors count under
 * @param lease         how long a claim holds a job before another worker may take it over
 * @param sweepInterval how often it looks for due work and expired leases, whatever the wake-ups said
 * @param batch         jobs claimed at most per sweep; a full batch means more is waiting: it sweeps again at once
 * @param maxInFlight   jobs handled at most at once; claims stop above it (back-pressure: the rest stays in the table)
 * @param drainTimeout  how long an undeploy waits for jobs in flight (after it, their leases simply expire)
 * @param wakeAddress   event-bus address of wake-up hints (a job id to claim, anything else: sweep); null: none
 * @param handOffAddress event-bus address of {@link HandOff}s (jobs committed already claimed); null: none
 * @param retries       a handler that fails is retried with back-off, then failed; null: its claim simply expires
 */
public record LeaseSettings(String queue, String component, Duration lease, Duration sweepInterval, int batch,
                            int maxInFlight, Duration drainTimeout, String wakeAddress, String handOffAddress,
                            Retries retries) {

  /** A failed handler is tried again after {@code backoff}, up to {@code maxAttempts} claims. */
  public record Retries(int maxAttempts, Backoff backoff) {}

  public LeaseSettings {
    if (batch < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("batch and maxInFlight must be positive");
    }
  }
}
