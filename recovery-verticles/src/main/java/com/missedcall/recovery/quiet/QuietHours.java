package com.missedcall.recovery.quiet;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * No follow-up, summary to the caller or other message we start on our own between 21:00 and 08:00 in
 * the recipient's local time (area-code time zone, else the workspace's). Such a message is held until
 * the window opens, never dropped. The clock is injected so tests can stand in the middle of the night.
 */
public final class QuietHours {
  public static final LocalTime STARTS = LocalTime.of(21, 0);
  public static final LocalTime ENDS = LocalTime.of(8, 0);

  private final Clock clock;

  public QuietHours(Clock clock) {
    this.clock = clock;
  }

  /** The recipient's time zone: from the area code, else the fallback. */
  public static ZoneId zoneOf(String phone, ZoneId fallback) {
    return AreaCodeZones.of(phone).orElse(fallback);
  }

  /** When a message to {@code phone} may go out, if not now. */
  public Optional<Instant> holdUntil(String phone, ZoneId fallback) {
    return holdUntil(clock.instant(), zoneOf(phone, fallback));
  }

  static Optional<Instant> holdUntil(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (!time.isBefore(STARTS)) {
      return Optional.of(local.toLocalDate().plusDays(1).atTime(ENDS).atZone(zone).toInstant());
    }
    if (time.isBefore(ENDS)) {
      return Optional.of(local.toLocalDate().atTime(ENDS).atZone(zone).toInstant());
    }
    return Optional.empty();
  }
}
