package com.missedcall.recovery.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeeklyScheduleTest {
  private static JsonArray ranges(String... pairs) {
    JsonArray array = new JsonArray();
    for (String pair : pairs) {
      String[] p = pair.split("-");
      array.add(new JsonObject().put("opens", p[0]).put("closes", p[1]));
    }
    return array;
  }

  private static HoursRejected rejected(JsonObject json) {
    try {
      WeeklySchedule.fromJson(json);
    } catch (HoursRejected e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void aDayMayHaveSeveralRangesKeptEarliestFirst() {
    WeeklySchedule week = WeeklySchedule.fromJson(new JsonObject().put("monday", ranges("13:00-18:00", "08:00-12:00")));

    assertThat(week.on(DayOfWeek.MONDAY)).containsExactly(new OpeningRange(480, 720), new OpeningRange(780, 1080));
    assertThat(week.on(DayOfWeek.TUESDAY)).isEmpty();
  }

  @Test
  void overlappingRangesAreRefusedNamingTheDayAndBothRanges() {
    HoursRejected e = rejected(new JsonObject().put("tuesday", ranges("08:00-12:00", "11:30-14:00")));

    assertThat(e.code()).isEqualTo("invalid_hours");
    assertThat(e.problems()).containsExactly("tuesday: 08:00-12:00 overlaps 11:30-14:00");
  }

  @Test
  void rangesThatOnlyTouchDoNotOverlap() {
    WeeklySchedule week = WeeklySchedule.fromJson(new JsonObject().put("friday", ranges("08:00-12:00", "12:00-16:00")));

    assertThat(week.on(DayOfWeek.FRIDAY)).hasSize(2);
  }

  @Test
  void twentyFourHundredClosesADayButCannotOpenOne() {
    WeeklySchedule week = WeeklySchedule.fromJson(new JsonObject().put("saturday", ranges("18:00-24:00")));
    assertThat(week.on(DayOfWeek.SATURDAY)).containsExactly(new OpeningRange(1080, 1440));

    assertThat(rejected(new JsonObject().put("saturday", ranges("24:00-24:00"))).problems())
        .containsExactly("saturday: 24:00 can only close a day; open at 00:00 instead");
  }

  @Test
  void aRangePastMidnightIsRefusedWithHowToWriteIt() {
    assertThat(rejected(new JsonObject().put("friday", ranges("22:00-02:00"))).problems()).containsExactly(
        "friday: 22:00-02:00 closes before it opens; a range past midnight is two ranges (22:00-24:00, and "
            + "00:00-02:00 the next day)");
  }

  @Test
  void timesThatAreNotClockTimesAreRefused() {
    for (String bad : List.of("8:00", "24:01", "25:00", "12:60", "noon", "", "08:00:00", "٠٨:٠٠")) {
      JsonObject json = new JsonObject().put("monday", new JsonArray().add(new JsonObject().put("opens", bad)
          .put("closes", "18:00")));
      assertThat(rejected(json).problems()).as(bad).singleElement().asString().contains("HH:MM");
    }
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    HoursRejected e = rejected(new JsonObject().put("funday", ranges("08:00-09:00"))
        .put("monday", ranges("10:00-09:00")).put("sunday", "all day"));

    assertThat(e.problems()).hasSize(3);
    assertThat(e.getMessage()).contains("'funday' is not a day").contains("monday: 10:00-09:00")
        .contains("sunday: a list");
  }

  @Test
  void atMostSixRangesADay() {
    assertThat(rejected(new JsonObject().put("monday", ranges("01:00-02:00", "03:00-04:00", "05:00-06:00",
        "07:00-08:00", "09:00-10:00", "11:00-12:00", "13:00-14:00"))).problems())
        .containsExactly("monday: at most 6 ranges a day (7 given)");
  }

  @Test
  void theWeekReadsInAFewWordsWithEqualDaysGrouped() {
    Map<DayOfWeek, List<OpeningRange>> days = new java.util.EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
        DayOfWeek.FRIDAY)) {
      days.put(d, List.of(new OpeningRange(480, 720), new OpeningRange(780, 1080)));
    }
    days.put(DayOfWeek.SATURDAY, List.of(new OpeningRange(570, 13 * 60 + 30)));

    assertThat(WeeklySchedule.of(days).describe())
        .isEqualTo("Mon–Fri 8am–noon, 1pm–6pm; Sat 9:30am–1:30pm; Sun closed");
  }

  @Test
  void anySchedulePassesOnlyAsAValidOneAndSurvivesARoundTrip() {
    Random random = new Random(14);
    String[] pieces = {"00:00", "08:00", "12:00", "12:30", "18:00", "23:59", "24:00", "24:30", "7:00", "", "x", null};
    String[] days = {"monday", "tuesday", "sunday", "Monday", "mon", ""};
    int accepted = 0;
    for (int run = 0; run < 5_000; run++) {
      JsonObject json = new JsonObject();
      int dayCount = random.nextInt(4);
      for (int d = 0; d < dayCount; d++) {
        JsonArray list = new JsonArray();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
          Object opens = random.nextInt(20) == 0 ? 800 : pieces[random.nextInt(pieces.length)];
          list.add(new JsonObject().put("opens", opens).put("closes", pieces[random.nextInt(pieces.length)]));
        }
        json.put(days[random.nextInt(days.length)], random.nextInt(30) == 0 ? (Object) "x" : list);
      }
      WeeklySchedule week;
      try {
        week = WeeklySchedule.fromJson(json);
      } catch (HoursRejected e) {
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
        continue;
      }
      accepted++;
      for (DayOfWeek day : DayOfWeek.values()) {
        List<OpeningRange> list = week.on(day);
        assertThat(list.size()).isLessThanOrEqualTo(WeeklySchedule.MAX_RANGES_PER_DAY);
        for (int i = 1; i < list.size(); i++) {
          assertThat(list.get(i - 1).closes()).isLessThanOrEqualTo(list.get(i).opens());
        }
      }
      assertThat(WeeklySchedule.fromJson(week.toJson())).isEqualTo(week);
    }
    assertThat(accepted).as("some random schedules are valid").isGreaterThan(100);
  }
}
