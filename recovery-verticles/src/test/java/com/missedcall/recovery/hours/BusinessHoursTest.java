package com.missedcall.recovery.hours;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Mon–Fri 8–12 and 13–18, Sat 9–13, Sun closed; closed Christmas Day 2026 (a Friday). */
  private static BusinessHours plumber() {
    Map<DayOfWeek, List<OpeningRange>> days = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
        DayOfWeek.FRIDAY)) {
      days.put(d, List.of(new OpeningRange(8 * 60, 12 * 60), new OpeningRange(13 * 60, 18 * 60)));
    }
    days.put(DayOfWeek.SATURDAY, List.of(new OpeningRange(9 * 60, 13 * 60)));
    return new BusinessHours(NEW_YORK, WeeklySchedule.of(days),
        HolidayCalendar.of(List.of(new Closure(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-25"),
            "Christmas Day"))));
  }

  private static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(NEW_YORK).toInstant();
  }

  @Test
  void openInsideARangeClosedAtLunchAndAtNight() {
    BusinessHours hours = plumber();

    assertThat(hours.stateAt(local("2026-12-22T08:00"))).isEqualTo(OpenState.OPEN);
    assertThat(hours.stateAt(local("2026-12-22T12:30"))).isEqualTo(OpenState.AFTER_HOURS);
    assertThat(hours.stateAt(local("2026-12-22T17:59"))).isEqualTo(OpenState.OPEN);
    assertThat(hours.stateAt(local("2026-12-22T18:00"))).isEqualTo(OpenState.AFTER_HOURS);
    assertThat(hours.stateAt(local("2026-12-27T10:00"))).as("a Sunday").isEqualTo(OpenState.AFTER_HOURS);
  }

  @Test
  void aHolidayIsClosedAllDayWhateverTheWeekSays() {
    BusinessHours hours = plumber();
    Instant christmasMorning = local("2026-12-25T10:00");

    assertThat(hours.stateAt(christmasMorning)).isEqualTo(OpenState.HOLIDAY);
    assertThat(hours.closureAt(christmasMorning)).map(Closure::label).contains("Christmas Day");
    assertThat(hours.hoursOn(christmasMorning)).isEqualTo("closed (Christmas Day)");
  }

  @Test
  void hoursTodayListEveryRange() {
    assertThat(plumber().hoursOn(local("2026-12-22T20:00"))).isEqualTo("8am–noon, 1pm–6pm");
    assertThat(plumber().hoursOn(local("2026-12-27T20:00"))).isEqualTo("closed");
  }

  @Test
  void theNextOpeningSkipsTheHolidayAndTheSunday() {
    BusinessHours hours = plumber();

    // Thursday evening before Christmas: Friday is the holiday, so Saturday 9am
    assertThat(hours.nextOpening(local("2026-12-24T19:00"))).map(ZonedDateTime::toLocalDateTime)
        .contains(LocalDateTime.parse("2026-12-26T09:00"));
    assertThat(hours.nextOpeningSpoken(local("2026-12-24T19:00"))).contains("Sat at 9am");
    // Saturday after closing: Monday 8am
    assertThat(hours.nextOpeningSpoken(local("2026-12-26T14:00"))).contains("Mon at 8am");
    // lunch: today at 1pm
    assertThat(hours.nextOpeningSpoken(local("2026-12-22T12:15"))).contains("today at 1pm");
    assertThat(hours.nextOpeningSpoken(local("2026-12-22T21:00"))).contains("tomorrow at 8am");
    assertThat(hours.nextOpeningSpoken(local("2026-12-22T09:00"))).contains("now");
  }

  @Test
  void aBusinessThatNeverOpensHasNoNextOpening() {
    BusinessHours closed = new BusinessHours(NEW_YORK, WeeklySchedule.CLOSED, HolidayCalendar.NONE);

    assertThat(closed.nextOpening(local("2026-12-22T09:00"))).isEmpty();
    assertThat(closed.stateAt(local("2026-12-22T09:00"))).isEqualTo(OpenState.AFTER_HOURS);
  }

  @Test
  void rangesAreWallClockTimesOnTheDaysClocksChange() {
    // 2026-03-08: New York springs forward at 02:00 (to 03:00); 2026-11-01 falls back at 02:00 (to 01:00)
    Map<DayOfWeek, List<OpeningRange>> sundays = new EnumMap<>(DayOfWeek.class);
    sundays.put(DayOfWeek.SUNDAY, List.of(new OpeningRange(8 * 60, 18 * 60)));
    BusinessHours hours = new BusinessHours(NEW_YORK, WeeklySchedule.of(sundays), HolidayCalendar.NONE);

    assertThat(hours.nextOpening(local("2026-03-07T20:00"))).map(ZonedDateTime::toInstant)
        .contains(Instant.parse("2026-03-08T12:00:00Z")); // 08:00 EDT
    assertThat(hours.stateAt(Instant.parse("2026-03-08T21:59:00Z"))).isEqualTo(OpenState.OPEN); // 17:59 EDT
    assertThat(hours.stateAt(Instant.parse("2026-03-08T22:00:00Z"))).isEqualTo(OpenState.AFTER_HOURS);
    assertThat(hours.nextOpening(local("2026-10-31T20:00"))).map(ZonedDateTime::toInstant)
        .contains(Instant.parse("2026-11-01T13:00:00Z")); // 08:00 EST
  }

  @Test
  void anOpeningInsideTheSpringForwardGapOpensWhenTheClocksJump() {
    Map<DayOfWeek, List<OpeningRange>> nights = new EnumMap<>(DayOfWeek.class);
    nights.put(DayOfWeek.SUNDAY, List.of(new OpeningRange(2 * 60 + 30, 4 * 60)));
    BusinessHours hours = new BusinessHours(NEW_YORK, WeeklySchedule.of(nights), HolidayCalendar.NONE);

    Instant jump = Instant.parse("2026-03-08T07:00:00Z"); // 01:59:59 EST becomes 03:00 EDT
    assertThat(hours.nextOpening(local("2026-03-08T01:00"))).map(ZonedDateTime::toInstant).contains(jump);
    assertThat(hours.stateAt(jump)).isEqualTo(OpenState.OPEN);
  }

  @Test
  void aRangeTheGapSwallowsWholeNeverOpensThatDay() {
    Map<DayOfWeek, List<OpeningRange>> nights = new EnumMap<>(DayOfWeek.class);
    nights.put(DayOfWeek.SUNDAY, List.of(new OpeningRange(2 * 60, 3 * 60)));
    BusinessHours hours = new BusinessHours(NEW_YORK, WeeklySchedule.of(nights), HolidayCalendar.NONE);

    assertThat(hours.nextOpening(local("2026-03-08T01:00"))).map(ZonedDateTime::toLocalDate)
        .contains(LocalDate.parse("2026-03-15"));
  }

  @Test
  void aRangeToMidnightRunsIntoTheNextDaysMidnightRange() {
    Map<DayOfWeek, List<OpeningRange>> late = new EnumMap<>(DayOfWeek.class);
    late.put(DayOfWeek.FRIDAY, List.of(new OpeningRange(22 * 60, 24 * 60)));
    late.put(DayOfWeek.SATURDAY, List.of(new OpeningRange(0, 2 * 60)));
    BusinessHours hours = new BusinessHours(NEW_YORK, WeeklySchedule.of(late), HolidayCalendar.NONE);

    assertThat(hours.stateAt(local("2026-12-18T23:59"))).isEqualTo(OpenState.OPEN);
    assertThat(hours.stateAt(local("2026-12-19T00:00"))).isEqualTo(OpenState.OPEN);
    assertThat(hours.stateAt(local("2026-12-19T02:00"))).isEqualTo(OpenState.AFTER_HOURS);
    assertThat(hours.hoursOn(local("2026-12-18T12:00"))).isEqualTo("10pm–midnight");
  }

  @Test
  void theCallerHearsTheWeekAndWhenWeOpenAgain() {
    assertThat(plumber().toCallerAt(local("2026-12-25T10:00"))).isEqualTo(
        "Mon–Fri 8am–noon, 1pm–6pm; Sat 9am–1pm; Sun closed. We're closed now (Christmas Day) and open again "
            + "tomorrow at 9am");
    assertThat(plumber().describeAt(local("2026-12-22T10:00"))).isEqualTo(
        "Mon–Fri 8am–noon, 1pm–6pm; Sat 9am–1pm; Sun closed (times in America/New_York). "
            + "Closed Dec 25 (Christmas Day). Right now: open.");
  }
}
