package com.missedcall.recovery.hours;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HolidayCalendarTest {
  private static HoursRejected rejected(JsonArray json) {
    try {
      HolidayCalendar.fromJson(json);
    } catch (HoursRejected e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void aSingleDayAndARunOfDaysAreClosuresWithTheirLabels() {
    HolidayCalendar calendar = HolidayCalendar.fromJson(new JsonArray()
        .add(new JsonObject().put("from", "2026-12-31").put("to", "2027-01-02").put("label", "New Year"))
        .add(new JsonObject().put("from", "2026-12-25").put("label", "Christmas Day")));

    assertThat(calendar.on(LocalDate.parse("2026-12-25"))).map(Closure::label).contains("Christmas Day");
    assertThat(calendar.on(LocalDate.parse("2027-01-01"))).map(Closure::label).contains("New Year");
    assertThat(calendar.on(LocalDate.parse("2026-12-26"))).isEmpty();
    assertThat(calendar.closures()).extracting(Closure::label).containsExactly("Christmas Day", "New Year");
  }

  @Test
  void overlappingClosuresAreRefused() {
    HoursRejected e = rejected(new JsonArray()
        .add(new JsonObject().put("from", "2026-12-24").put("to", "2026-12-26").put("label", "Christmas"))
        .add(new JsonObject().put("from", "2026-12-26").put("label", "Boxing Day")));

    assertThat(e.code()).isEqualTo("invalid_closures");
    assertThat(e.problems()).containsExactly("Dec 24–Dec 26 (Christmas) overlaps Dec 26 (Boxing Day)");
  }

  @Test
  void aClosureNeedsALabelRealDatesAndToNotBeforeFrom() {
    HoursRejected e = rejected(new JsonArray()
        .add(new JsonObject().put("from", "2026-12-25"))
        .add(new JsonObject().put("from", "2026-02-30").put("label", "Nope"))
        .add(new JsonObject().put("from", "2026-12-25").put("to", "2026-12-20").put("label", "Backwards")));

    assertThat(e.problems()).hasSize(3);
    assertThat(e.problems().get(0)).contains("label");
    assertThat(e.problems().get(1)).contains("YYYY-MM-DD");
    assertThat(e.problems().get(2)).contains("ends 2026-12-20 before it starts 2026-12-25");
  }

  @Test
  void anyClosureListPassesOnlyAsAValidOne() {
    Random random = new Random(25);
    String[] dates = {"2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01", "2026-13-01", "26-12-25", "", null};
    String[] labels = {"Christmas", "", " ", "x".repeat(61), "Inventory\u0000", "New Year"};
    int accepted = 0;
    for (int run = 0; run < 5_000; run++) {
      JsonArray json = new JsonArray();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        JsonObject c = new JsonObject().put("from", dates[random.nextInt(dates.length)])
            .put("label", labels[random.nextInt(labels.length)]);
        if (random.nextBoolean()) {
          c.put("to", dates[random.nextInt(dates.length)]);
        }
        json.add(random.nextInt(40) == 0 ? (Object) "x" : c);
      }
      HolidayCalendar calendar;
      try {
        calendar = HolidayCalendar.fromJson(json);
      } catch (HoursRejected e) {
        assertThat(e.problems()).isNotEmpty();
        continue;
      }
      accepted++;
      for (int i = 1; i < calendar.closures().size(); i++) {
        assertThat(calendar.closures().get(i - 1).to()).isBefore(calendar.closures().get(i).from());
      }
      assertThat(HolidayCalendar.fromJson(calendar.toJson())).isEqualTo(calendar);
    }
    assertThat(accepted).isGreaterThan(100);
  }
}
