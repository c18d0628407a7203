package com.missedcall.loadtests.load;

/**
 * When each request of an open-model run is due: arrivals ramp linearly from a tenth of the rate to
 * the rate over the ramp, then hold the rate for the duration. The i-th arrival is due when the
 * expected number of arrivals so far reaches i; its latency is measured from that instant, whatever
 * happens to the generator or the server (no coordinated omission).
 */
public final class Schedule {
  private final double rate;
  private final double startRate;
  private final double rampSeconds;
  private final double durationSeconds;
  private final long rampArrivals;
  private final long total;

  public Schedule(double rate, double rampSeconds, double durationSeconds) {
    if (rate <= 0 || rampSeconds < 0 || durationSeconds <= 0) {
      throw new IllegalArgumentException("rate and duration must be > 0 and ramp >= 0");
    }
    this.rate = rate;
    this.startRate = Math.max(1, rate / 10);
    this.rampSeconds = rampSeconds;
    this.durationSeconds = durationSeconds;
    this.rampArrivals = (long) Math.ceil(arrivalsBy(rampSeconds));
    this.total = (long) Math.floor(arrivalsBy(rampSeconds + durationSeconds));
  }

  /** Requests in the whole run, ramp included. */
  public long total() {
    return total;
  }

  /** Requests due before the full rate starts (warm-up: counted, not in the steady-state figures). */
  public long rampArrivals() {
    return rampArrivals;
  }

  public double durationSeconds() {
    return durationSeconds;
  }

  public double rampSeconds() {
    return rampSeconds;
  }

  /** Nanoseconds from the start of the run at which request {@code i} (from 0) is due. */
  public long dueNanos(long i) {
    double seconds;
    if (i < rampArrivals) {
      double a = (rate - startRate) / (2 * rampSeconds);
      seconds = a == 0 ? i / startRate : (-startRate + Math.sqrt(startRate * startRate + 4 * a * i)) / (2 * a);
    } else {
      seconds = rampSeconds + (i - arrivalsBy(rampSeconds)) / rate;
    }
    return (long) (seconds * 1e9);
  }

  private double arrivalsBy(double t) {
    if (t <= rampSeconds) {
      return rampSeconds == 0 ? 0 : startRate * t + (rate - startRate) * t * t / (2 * rampSeconds);
    }
    return arrivalsBy(rampSeconds) + rate * (t - rampSeconds);
  }
}
