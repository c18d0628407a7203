package com.missedcall.recovery.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallKeysTest {
  private static final String PREFIX = "t1a2b3:";
  private static final long WORKSPACE = 42;
  private static final String ACCOUNT = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String CALL = "CA00000000000000000000000000000001";
  private static final String CALLER = "+15557654321";
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final long SLACK_MS = Duration.ofDays(1).toMillis();

  private static CallKeys keys(ZoneId zone, String at) {
    return CallKeys.of(PREFIX, WORKSPACE, ACCOUNT, CALL, CALLER, zone, Instant.parse(at));
  }

  /** The part of a key Redis Cluster hashes: from the first '{' to the next '}'. */
  private static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    return open < 0 || close < 0 ? null : key.substring(open, close + 1);
  }

  @Test
  void everyKeySharesTheWorkspaceHashTag() {
    CallKeys keys = keys(NEW_YORK, "2026-03-10T15:00:00Z");

    assertThat(keys.all()).hasSize(5).allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("{ws:42}"));
  }

  @Test
  void everyKeyStartsWithThePrefix() {
    CallKeys keys = keys(NEW_YORK, "2026-03-10T15:00:00Z");

    assertThat(keys.all()).allSatisfy(key -> assertThat(key).startsWith(PREFIX + "{ws:42}:"));
  }

  @Test
  void theKeysAreDistinct() {
    CallKeys keys = keys(NEW_YORK, "2026-03-10T15:00:00Z");

    assertThat(keys.all()).doesNotHaveDuplicates();
  }

  @Test
  void theDoneKeyNamesTheAccountAndTheCall() {
    CallKeys keys = keys(NEW_YORK, "2026-03-10T15:00:00Z");

    assertThat(keys.done()).endsWith(":" + ACCOUNT + ":" + CALL);
  }

  @Test
  void theWindowKeyIsPerCallerNotPerCall() {
    Instant at = Instant.parse("2026-03-10T15:00:00Z");
    CallKeys first = CallKeys.of(PREFIX, WORKSPACE, ACCOUNT, CALL, CALLER, NEW_YORK, at);
    CallKeys second = CallKeys.of(PREFIX, WORKSPACE, ACCOUNT, "CA00000000000000000000000000000002", CALLER, NEW_YORK, at);

    assertThat(second.window()).isEqualTo(first.window());
    assertThat(second.done()).isNotEqualTo(first.done());
  }

  @Test
  void anotherWorkspaceGetsAnotherHashTag() {
    CallKeys other = CallKeys.of(PREFIX, 43, ACCOUNT, CALL, CALLER, NEW_YORK, Instant.parse("2026-03-10T15:00:00Z"));

    assertThat(other.all()).allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("{ws:43}"));
  }

  @Test
  void halfAnHourBeforeLocalMidnightCountsForTheLocalDayNotTheUtcDay() {
    // 04:30 UTC on 1 March is 23:30 on 28 February in New York
    CallKeys keys = keys(NEW_YORK, "2026-03-01T04:30:00Z");

    assertThat(keys.day()).isEqualTo(20260228);
    assertThat(keys.month()).isEqualTo(202602);
    assertThat(keys.smsDay()).endsWith(":sms:20260228");
    assertThat(keys.leadsMonth()).endsWith(":leads:202602");
  }

  @Test
  void halfAnHourAfterLocalMidnightCountsForTheNewLocalDay() {
    CallKeys keys = keys(NEW_YORK, "2026-03-01T05:30:00Z");

    assertThat(keys.day()).isEqualTo(20260301);
    assertThat(keys.month()).isEqualTo(202603);
  }

  @Test
  void aZoneAheadOfUtcIsAlreadyOnTheNextDay() {
    // 15:30 UTC on 28 February is 00:30 on 1 March in Tokyo
    CallKeys keys = keys(TOKYO, "2026-02-28T15:30:00Z");

    assertThat(keys.day()).isEqualTo(20260301);
    assertThat(keys.month()).isEqualTo(202603);
  }

  @Test
  void theLeadCountedKeyNamesTheMonthAndTheCaller() {
    CallKeys keys = keys(NEW_YORK, "2026-03-01T04:30:00Z");

    assertThat(keys.leadCounted()).endsWith(":lm:202602:" + CALLER);
  }

  @Test
  void theDayCounterLivesUntilLocalMidnightPlusADay() {
    CallKeys keys = keys(NEW_YORK, "2026-03-01T04:30:00Z");

    assertThat(keys.msUntilDayEnds()).isEqualTo(Duration.ofMinutes(30).toMillis() + SLACK_MS);
  }

  @Test
  void theMonthCounterLivesUntilTheLocalMonthEndsPlusADay() {
    CallKeys keys = keys(NEW_YORK, "2026-03-01T04:30:00Z");

    assertThat(keys.msUntilMonthEnds()).isEqualTo(Duration.ofMinutes(30).toMillis() + SLACK_MS);
  }

  @Test
  void atExactlyLocalMidnightTheDayCounterLivesAFullDayPlusSlack() {
    CallKeys keys = keys(NEW_YORK, "2026-03-01T05:00:00Z");

    assertThat(keys.day()).isEqualTo(20260301);
    assertThat(keys.msUntilDayEnds()).isEqualTo(Duration.ofHours(24).toMillis() + SLACK_MS);
  }

  @Test
  void onTheDaylightSavingDayTheDayCounterFollowsTheShortLocalDay() {
    // 8 March 2026 in New York has 23 hours
    CallKeys keys = keys(NEW_YORK, "2026-03-08T05:00:00Z");

    assertThat(keys.day()).isEqualTo(20260308);
    assertThat(keys.msUntilDayEnds()).isEqualTo(Duration.ofHours(23).toMillis() + SLACK_MS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-31T23:59:59.999Z", "2026-03-01T04:59:59.999Z", "2026-12-31T12:00:00Z",
      "2026-03-08T06:59:59Z", "2026-11-01T05:30:00Z"})
  void theTtlsArePositiveAndTheMonthOutlivesTheDay(String at) {
    CallKeys keys = keys(NEW_YORK, at);

    assertThat(keys.msUntilDayEnds()).isGreaterThan(SLACK_MS);
    assertThat(keys.msUntilMonthEnds()).isGreaterThanOrEqualTo(keys.msUntilDayEnds());
  }

  @Test
  void theMonthRollsOverAtTheYearEnd() {
    CallKeys keys = keys(TOKYO, "2026-12-31T15:00:00Z");

    assertThat(keys.day()).isEqualTo(20270101);
    assertThat(keys.month()).isEqualTo(202701);
  }
}
