package com.missedcall.recovery.db;

/**
 * A concurrency limit that follows measured latency instead of a count tuned on one machine (the gradient
 * algorithm of Netflix's concurrency-limits, written small): each sample's latency is compared with the
 * lowest recently observed. While latency stays within {@code tolerance} times that minimum the limit grows
 * by about its square root per sample window (only while the work actually uses it: an idle process does not
 * talk itself into a high limit); when latency rises beyond it, the limit shrinks in proportion
 * ({@code limit × tolerance × min / latency}, by at most half per update), so queueing moves from the database
 * to our door, where it can be shed at no cost. The minimum is the lowest of the current and the previous
 * window of samples, so a lasting change of the baseline (a bigger table, another machine) is learnt within two
 * windows. Thread-safe; samples are cheap (no allocation).
 */
public final class GradientLimit {
  private final int min;
  private final int max;
  private final double tolerance;
  private final int window;
  private final double smoothing;

  private double limit;
  private double latency = -1;
  private long minCurrent = Long.MAX_VALUE;
  private long minPrevious = Long.MAX_VALUE;
  private int samples;

  /**
   * @param initial   the limit before any sample (also the configured upper bound is usual)
   * @param window    samples per minimum window
   */
  public GradientLimit(int initial, int min, int max, double tolerance, int window) {
    if (min < 1 || max < min || initial < min || initial > max || tolerance < 1 || window < 1) {
      throw new IllegalArgumentException("expected 1 <= min <= initial <= max, tolerance >= 1, window >= 1");
    }
    this.min = min;
    this.max = max;
    this.tolerance = tolerance;
    this.window = window;
    this.smoothing = 0.2;
    this.limit = initial;
  }

  /** The current limit. */
  public synchronized int limit() {
    return (int) Math.round(limit);
  }

  /** The lowest latency of the current and previous windows, in nanoseconds (-1 before any sample). */
  public synchronized long minLatencyNanos() {
    long m = Math.min(minCurrent, minPrevious);
    return m == Long.MAX_VALUE ? -1 : m;
  }

  /**
   * One finished unit of work: how long it took and how many were in flight when it started (the limit only
   * grows when the work was using at least half of it).
   */
  public synchronized void sample(long latencyNanos, int inFlight) {
    long rtt = Math.max(1, latencyNanos);
    minCurrent = Math.min(minCurrent, rtt);
    if (++samples >= window) {
      minPrevious = minCurrent;
      minCurrent = Long.MAX_VALUE;
      samples = 0;
    }
    latency = latency < 0 ? rtt : latency * (1 - smoothing) + rtt * smoothing;
    double minRtt = Math.min(minCurrent, minPrevious);
    double gradient = Math.max(0.5, Math.min(1.0, tolerance * minRtt / latency));
    double grown = limit * gradient + (gradient >= 1.0 && inFlight * 2 >= limit ? Math.sqrt(limit) : 0);
    double next = limit * (1 - smoothing) + grown * smoothing;
    limit = Math.max(min, Math.min(max, next));
  }
}
