package com.missedcall.recovery.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QuietHoursRulesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant newYork(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(NEW_YORK).toInstant();
  }

  @Test
  void aMessageAtNineInTheEveningWaitsForEightTheNextMorning() {
    assertThat(QuietHours.holdUntil(newYork("2025-03-04T21:00"), NEW_YORK)).contains(newYork("2025-03-05T08:00"));
  }

  @Test
  void aMessageJustBeforeEightWaitsForEightTheSameMorning() {
    assertThat(QuietHours.holdUntil(newYork("2025-03-05T07:59"), NEW_YORK)).contains(newYork("2025-03-05T08:00"));
  }

  @Test
  void aMessageFromEightToJustBeforeNineGoesOutAtOnce() {
    assertThat(QuietHours.holdUntil(newYork("2025-03-05T08:00"), NEW_YORK)).isEmpty();
    assertThat(QuietHours.holdUntil(newYork("2025-03-05T14:00"), NEW_YORK)).isEmpty();
    assertThat(QuietHours.holdUntil(newYork("2025-03-05T20:59"), NEW_YORK)).isEmpty();
  }

  @Test
  void theNightTheClocksGoForwardStillEndsAtEightLocalTime() {
    assertThat(QuietHours.holdUntil(newYork("2025-03-08T23:00"), NEW_YORK)).contains(newYork("2025-03-09T08:00"));
  }

  @Test
  void theCallersAreaCodeWinsOverTheWorkspaceTimeZone() {
    // 23:30 in New York is 20:30 in Los Angeles
    QuietHours quiet = new QuietHours(Clock.fixed(newYork("2025-06-10T23:30"), ZoneOffset.UTC));

    assertThat(quiet.holdUntil("+12125550123", ZoneId.of("America/Los_Angeles"))).isPresent();
    assertThat(quiet.holdUntil("+13105550123", NEW_YORK)).isEmpty();
  }

  @Test
  void aNumberWithoutAKnownAreaCodeFallsBackToTheWorkspaceTimeZone() {
    QuietHours quiet = new QuietHours(Clock.fixed(newYork("2025-06-10T23:30"), ZoneOffset.UTC));

    assertThat(quiet.holdUntil("+15555550123", NEW_YORK)).isPresent();
    assertThat(quiet.holdUntil("+15555550123", ZoneId.of("America/Los_Angeles"))).isEmpty();
    assertThat(quiet.holdUntil("+442071234567", ZoneId.of("Europe/London"))).isPresent();
  }
}
