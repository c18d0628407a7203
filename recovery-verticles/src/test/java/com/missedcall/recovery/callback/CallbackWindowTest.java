package com.missedcall.recovery.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackWindowTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  /** Friday, December 4 2026, noon in New York. */
  private static final ZonedDateTime NOON = ZonedDateTime.of(2026, 12, 4, 12, 0, 0, 0, NY);

  private static String window(String said, ZonedDateTime now) {
    return CallbackWindow.parse(said, now).map(w -> w.from().toLocalDateTime() + "/" + w.to().toLocalDateTime())
        .orElse("none");
  }

  @ParameterizedTest(name = "\"{0}\" at noon on a Friday is {1}")
  @CsvSource(delimiter = '|', value = {
      "tomorrow morning          | 2026-12-05T08:00/2026-12-05T12:00",
      "Tomorrow before noon      | 2026-12-05T08:00/2026-12-05T12:00",
      "this afternoon            | 2026-12-04T12:00/2026-12-04T17:00",
      "after 5pm                 | 2026-12-04T17:00/2026-12-04T20:00",
      "2-4                       | 2026-12-04T14:00/2026-12-04T16:00",
      "between 2 and 4 pm        | 2026-12-04T14:00/2026-12-04T16:00",
      "10am-1pm tomorrow         | 2026-12-05T10:00/2026-12-05T13:00",
      "11-1 tmrw                 | 2026-12-05T11:00/2026-12-05T13:00",
      "Monday afternoon          | 2026-12-07T12:00/2026-12-07T17:00",
      "tonight                   | 2026-12-04T17:00/2026-12-04T20:00",
      "around 3:30pm             | 2026-12-04T15:30/2026-12-04T16:30",
      "at 3                      | 2026-12-04T15:00/2026-12-04T16:00",
      "14:00-16:30               | 2026-12-04T14:00/2026-12-04T16:30",
      "tomorrow                  | 2026-12-05T08:00/2026-12-05T20:00",
      "asap please               | 2026-12-04T12:00/2026-12-04T13:00",
      "any time today            | 2026-12-04T12:00/2026-12-04T20:00",
  })
  void whatTheCallerWroteIsReadAsAWindowInTheWorkspacesZone(String said, String expected) {
    assertThat(window(said, NOON)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "not sure", "call me", "12 Elm Street"})
  void wordsThatNameNoTimeGiveNoWindow(String said) {
    assertThat(CallbackWindow.parse(said, NOON)).isEqualTo(Optional.empty());
  }

  @Test
  void aWindowWithNoDayNamedThatIsOverTodayIsTomorrows() {
    assertThat(window("morning", NOON)).isEqualTo("2026-12-05T08:00/2026-12-05T12:00");
  }

  @Test
  void todaysWindowStartsNoEarlierThanNow() {
    ZonedDateTime tenPast = NOON.plusHours(2).plusMinutes(10).plusSeconds(7);

    assertThat(window("this afternoon", tenPast)).isEqualTo("2026-12-04T14:10/2026-12-04T17:00");
  }

  @Test
  void thePagesChoiceOfTomorrowEveningIsFiveToEightTomorrow() {
    CallbackWindow w = CallbackWindow.of(CallbackWindow.Day.TOMORROW, CallbackWindow.Part.EVENING, NOON);

    assertThat(w.from().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 12, 5, 17, 0));
    assertThat(w.to().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 12, 5, 20, 0));
  }

  @Test
  void thePagesChoiceOfAPartOfTodayAlreadyOverRunsFromNowToNineInTheEvening() {
    CallbackWindow w = CallbackWindow.of(CallbackWindow.Day.TODAY, CallbackWindow.Part.MORNING, NOON);

    assertThat(w.from()).isEqualTo(NOON);
    assertThat(w.to().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 12, 4, 21, 0));
  }

  @Test
  void aWindowAcrossTheSpringForwardGapKeepsItsWallClockBoundsInTheZone() {
    ZonedDateTime saturday = ZonedDateTime.of(2026, 3, 7, 12, 0, 0, 0, NY);

    CallbackWindow w = CallbackWindow.parse("tomorrow 1-4am", saturday).orElseThrow();

    assertThat(w.from().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 8, 1, 0));
    assertThat(w.to().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 8, 4, 0));
    assertThat(java.time.Duration.between(w.from(), w.to()).toHours()).isEqualTo(2);
  }

  @Test
  void aWindowInsideTheHourTheClockSkipsIsNoWindow() {
    ZonedDateTime saturday = ZonedDateTime.of(2026, 3, 7, 12, 0, 0, 0, NY);

    assertThat(CallbackWindow.parse("tomorrow 2-3am", saturday)).isEmpty();
  }

  @Test
  void aDayNamedWhoseWindowIsOverIsKeptAsTheCallerSaidIt() {
    assertThat(window("today morning", NOON)).isEqualTo("2026-12-04T08:00/2026-12-04T12:00");
  }

  @Test
  void theWindowInWordsSaysTheDayAndTheTimesForTheTeam() {
    CallbackWindow w = CallbackWindow.of(CallbackWindow.Day.TOMORROW, CallbackWindow.Part.MORNING, NOON);

    assertThat(w.words(NOON)).isEqualTo("tomorrow (Sat Dec 5), 8:00 am-12:00 pm");
    assertThat(w.words()).isEqualTo("Sat Dec 5, 8:00 am-12:00 pm");
  }
}
