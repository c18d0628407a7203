package com.missedcall.recovery.sms;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter: attempt n waits between half and all of base * 2^(n-1), capped. */
public record Backoff(Duration base, Duration max) {

  public Duration delay(int attempt) {
    long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
  }
}
