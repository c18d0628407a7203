package com.missedcall.loadtests.simulations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Response times of one population of requests, pooled. Gatling's end-of-run summary pools every
 * request of the run, and its group statistics are cumulated per group execution, so when dashboard
 * readers share a run with the webhooks neither can say what the webhooks alone saw. Millisecond
 * buckets up to two minutes (Gatling's own resolution) give exact percentiles for little memory.
 */
final class ResponseTimes {
  private static final int MAX_MS = 120_000;
  private final AtomicLongArray buckets = new AtomicLongArray(MAX_MS + 1);
  private final LongAdder requests = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastEnd = new AtomicLong();

  /** {@code millis} is null when no response came back (a timeout or a refused connection). */
  void record(Integer millis, boolean ok) {
    requests.increment();
    if (!ok) {
      failed.increment();
    }
    if (millis == null) {
      return;
    }
    buckets.incrementAndGet(Math.min(Math.max(millis, 0), MAX_MS));
    long end = System.currentTimeMillis();
    firstStart.accumulateAndGet(end - millis, Math::min);
    lastEnd.accumulateAndGet(end, Math::max);
  }

  /** requests, failed, p50Ms, p99Ms, maxMs and meanRps, each key prefixed (e.g. {@code webhookP99Ms}). */
  Map<String, Object> summary(String prefix) {
    long[] counts = new long[MAX_MS + 1];
    long timed = 0;
    long max = -1;
    for (int ms = 0; ms <= MAX_MS; ms++) {
      counts[ms] = buckets.get(ms);
      timed += counts[ms];
      if (counts[ms] > 0) {
        max = ms;
      }
    }
    double seconds = Math.max(1, lastEnd.get() - firstStart.get()) / 1000.0;
    Map<String, Object> s = new LinkedHashMap<>();
    s.put(prefix + "Requests", requests.sum());
    s.put(prefix + "Failed", failed.sum());
    s.put(prefix + "P50Ms", percentile(counts, timed, 0.50));
    s.put(prefix + "P99Ms", percentile(counts, timed, 0.99));
    s.put(prefix + "MaxMs", max);
    s.put(prefix + "MeanRps", timed == 0 ? 0.0 : Math.round(100 * requests.sum() / seconds) / 100.0);
    return s;
  }

  private static long percentile(long[] counts, long total, double q) {
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int ms = 0; ms < counts.length; ms++) {
      seen += counts[ms];
      if (seen >= rank) {
        return ms;
      }
    }
    return MAX_MS;
  }
}
