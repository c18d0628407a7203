package com.missedcall.recovery.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.hours.Closure;
import com.missedcall.recovery.hours.HolidayCalendar;
import com.missedcall.recovery.hours.OpenState;
import com.missedcall.recovery.hours.OpeningRange;
import com.missedcall.recovery.hours.WeeklySchedule;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextBackCopyTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String DEFAULT = "{business}: Sorry we missed your call! How can we help?";
  private static final Instant TUESDAY_NOON = Instant.parse("2026-12-22T17:00:00Z");
  private static final Instant TUESDAY_NIGHT = Instant.parse("2026-12-23T03:00:00Z"); // 22:00 local
  private static final Instant CHRISTMAS = Instant.parse("2026-12-25T15:00:00Z");

  private static BusinessHours weekdays() {
    Map<DayOfWeek, List<OpeningRange>> days = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
        DayOfWeek.FRIDAY)) {
      days.put(d, List.of(new OpeningRange(8 * 60, 18 * 60)));
    }
    return new BusinessHours(NEW_YORK, WeeklySchedule.of(days), HolidayCalendar.of(List.of(
        new Closure(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-25"), "Christmas Day"))));
  }

  private static TextBackCopy copy(JsonObject slots, boolean guidance) {
    return TextBackCopy.fromStored(DEFAULT, slots, weekdays(), "https://book.example/ace", guidance);
  }

  private static final JsonObject ALL_SLOTS = new JsonObject()
      .put("open/returning", "{business}: Welcome back {caller_first_name}! We'll call you right back.")
      .put("after_hours/first_time", "{business}: We're closed now and open {next_open}. Tell us what you need: {intake_link}")
      .put("holiday/first_time", "{business}: Sorry, we're {hours_today} today. We open {next_open}.");

  private static String body(TextBackCopy copy, Instant at, CallerFacts caller) {
    return copy.choose(at, caller, "Ace Plumbing", "Reply STOP to opt out.").text().body();
  }

  @Test
  void theMomentChoosesTheTemplate() {
    TextBackCopy copy = copy(ALL_SLOTS, false);

    assertThat(body(copy, TUESDAY_NOON, CallerFacts.FIRST_TIME))
        .isEqualTo("Ace Plumbing: Sorry we missed your call! How can we help? Reply STOP to opt out.");
    assertThat(body(copy, TUESDAY_NIGHT, CallerFacts.FIRST_TIME.withIntakeLink("https://gw.example/i/t0k")))
        .isEqualTo("Ace Plumbing: We're closed now and open tomorrow at 8am. Tell us what you need: "
            + "https://gw.example/i/t0k Reply STOP to opt out.");
    assertThat(body(copy, CHRISTMAS, CallerFacts.FIRST_TIME))
        .isEqualTo("Ace Plumbing: Sorry, we're closed (Christmas Day) today. We open Mon at 8am. Reply STOP to opt out.");
  }

  @Test
  void aReturningCallerGetsTheReturningCopyWithTheirNameElseTheFirstTimeCopyOfTheMoment() {
    TextBackCopy copy = copy(ALL_SLOTS, false);
    CallerFacts dana = new CallerFacts(CallerKind.RETURNING, "Dana", null);

    assertThat(body(copy, TUESDAY_NOON, dana)).startsWith("Ace Plumbing: Welcome back Dana!");
    assertThat(copy.choose(TUESDAY_NIGHT, dana, "Ace Plumbing", "").slot())
        .isEqualTo(new CopySlot(OpenState.AFTER_HOURS, CallerKind.FIRST_TIME));
  }

  @Test
  void aHolidayWithoutItsOwnCopyUsesTheAfterHoursCopyAndWithoutThatTheDefault() {
    TextBackCopy afterHoursOnly = copy(new JsonObject().put("after_hours/first_time", "{business}: closed."), false);
    TextBackCopy defaultOnly = TextBackCopy.fromStored(DEFAULT, null, weekdays(), null, false);

    assertThat(afterHoursOnly.choose(CHRISTMAS, CallerFacts.FIRST_TIME, "Ace", "").slot().key())
        .isEqualTo("after_hours/first_time");
    assertThat(defaultOnly.choose(CHRISTMAS, CallerFacts.FIRST_TIME, "Ace", "").slot()).isEqualTo(CopySlot.DEFAULT);
  }

  @Test
  void urgencyGuidanceIsAddedWhileClosedOnly() {
    TextBackCopy copy = copy(ALL_SLOTS, true);

    assertThat(body(copy, TUESDAY_NIGHT, CallerFacts.FIRST_TIME)).contains("Reply URGENT if this is an emergency.");
    assertThat(body(copy, CHRISTMAS, CallerFacts.FIRST_TIME)).contains("Reply URGENT if this is an emergency.");
    assertThat(body(copy, TUESDAY_NOON, CallerFacts.FIRST_TIME)).doesNotContain("URGENT");
  }

  @Test
  void withoutHoursEveryCallIsOpenHours() {
    TextBackCopy copy = TextBackCopy.fromStored(DEFAULT, ALL_SLOTS, null, null, true);

    assertThat(copy.momentAt(CHRISTMAS)).isEqualTo(OpenState.OPEN);
    assertThat(body(copy, CHRISTMAS, CallerFacts.FIRST_TIME)).doesNotContain("URGENT").contains("Sorry we missed");
  }

  @Test
  void theCallersHistoryIsNeededOnlyWhenTheCopyDependsOnIt() {
    assertThat(TextBackCopy.only(DEFAULT).dependsOnCaller()).isFalse();
    assertThat(TextBackCopy.only("Hi {caller_first_name}").dependsOnCaller()).isTrue();
    assertThat(copy(new JsonObject().put("holiday/returning", "Back again?"), false).dependsOnCaller()).isTrue();
  }

  @Test
  void aStoredTemplateThatNoLongerParsesNeverStopsTheText() {
    TextBackCopy copy = TextBackCopy.fromStored("{business} says {hello}", new JsonObject()
        .put("after_hours/first_time", "{nope}"), weekdays(), null, false);

    assertThat(body(copy, TUESDAY_NIGHT, CallerFacts.FIRST_TIME)).isEqualTo("Ace Plumbing says {hello} Reply STOP to opt out.");
  }
}
