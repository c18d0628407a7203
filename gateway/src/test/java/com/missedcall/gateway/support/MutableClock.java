package com.missedcall.gateway.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock that decides quiet hours in tests: stopped at an instant (midday, or the middle of a caller's
 * night) and moved by the test; the system's when not set. Nothing else in the product reads it.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> fixed = new AtomicReference<>();

  /** A clock stopped at the next {@code time} in {@code zone} after now. */
  public static MutableClock at(LocalTime time, ZoneId zone) {
    MutableClock clock = new MutableClock();
    clock.set(next(time, zone));
    return clock;
  }

  /** The next {@code time} in {@code zone} after the real now. */
  public static Instant next(LocalTime time, ZoneId zone) {
    ZonedDateTime now = ZonedDateTime.now(zone);
    ZonedDateTime at = now.toLocalDate().atTime(time).atZone(zone);
    return (at.isAfter(now) ? at : at.plusDays(1)).toInstant();
  }

  public void set(Instant instant) {
    fixed.set(instant);
  }

  public void useSystemTime() {
    fixed.set(null);
  }

  @Override
  public Instant instant() {
    Instant f = fixed.get();
    return f != null ? f : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
