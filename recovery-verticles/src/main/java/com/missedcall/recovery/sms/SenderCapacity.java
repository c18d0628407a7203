package com.missedcall.recovery.sms;

import com.missedcall.recovery.work.InFlight;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many texts this process's sender may owe before ingress stops acknowledging missed calls, from what the
 * sender actually sends (Little's law): a text queued behind {@code backlog} others goes out after about
 * {@code backlog / sends per second}, so ingress admits a missed call only while that stays within the target
 * (2 s by default). Below {@code floor} texts owed a call is always admitted, so a cold or quiet sender (no
 * recent sends to measure) starts at once; above {@code ceiling} (TEXTBACK_BACKLOG_LIMIT) never. The rate is
 * the sends finished (whatever their outcome) over the last two seconds, in 250 ms buckets.
 */
public final class SenderCapacity {
  private static final long BUCKET_NANOS = 250_000_000L;
  private static final int BUCKETS = 8;
  private static final long MIN_SPAN_NANOS = 500_000_000L;

  private final InFlight sends;
  private final int floor;
  private final int ceiling;
  private final double targetSeconds;
  private final LongSupplier nanoTime;
  private final long[] counts = new long[BUCKETS];
  private final long[] bucketOf = new long[BUCKETS];

  public SenderCapacity(InFlight sends, int floor, int ceiling, Duration target, LongSupplier nanoTime) {
    if (floor < 1 || ceiling < 1 || target.isNegative() || target.isZero()) {
      throw new IllegalArgumentException("floor, ceiling and target must be positive");
    }
    this.sends = sends;
    this.floor = Math.min(floor, ceiling);
    this.ceiling = ceiling;
    this.targetSeconds = target.toNanos() / 1e9;
    this.nanoTime = nanoTime;
    java.util.Arrays.fill(bucketOf, Long.MIN_VALUE);
    sends.onFinished(this::sent);
  }

  /** One send finished (accepted, refused, retried or held: the sender is free for the next). */
  public synchronized void sent() {
    long bucket = nanoTime.getAsLong() / BUCKET_NANOS;
    int i = (int) Math.floorMod(bucket, (long) BUCKETS);
    if (bucketOf[i] != bucket) {
      bucketOf[i] = bucket;
      counts[i] = 0;
    }
    counts[i]++;
  }

  /** Sends finished per second, over the last two seconds (0 when none). */
  public synchronized double sendsPerSecond() {
    long now = nanoTime.getAsLong();
    long current = now / BUCKET_NANOS;
    long total = 0;
    long oldest = current;
    for (int i = 0; i < BUCKETS; i++) {
      if (bucketOf[i] > current - BUCKETS && bucketOf[i] <= current && counts[i] > 0) {
        total += counts[i];
        oldest = Math.min(oldest, bucketOf[i]);
      }
    }
    if (total == 0) {
      return 0;
    }
    long span = Math.max(MIN_SPAN_NANOS, now - oldest * BUCKET_NANOS);
    return total / (span / 1e9);
  }

  /** Texts the sender may owe now: what it sends within the target, between the floor and the ceiling. */
  public int limit() {
    long withinTarget = (long) Math.ceil(sendsPerSecond() * targetSeconds);
    return (int) Math.min(ceiling, Math.max(floor, withinTarget));
  }

  /** Whether one more text-back would still go out within the target. */
  public boolean hasRoom() {
    return sends.count() < limit();
  }
}
