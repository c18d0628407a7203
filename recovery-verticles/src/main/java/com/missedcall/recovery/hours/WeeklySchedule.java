package com.missedcall.recovery.hours;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a business is open in an ordinary week: for each day, up to {@link #MAX_RANGES_PER_DAY} ranges that do
 * not overlap, in local wall-clock time. A day with no range is closed. A range never runs past midnight:
 * "22:00-02:00" is written as 22:00-24:00 on one day and 00:00-02:00 on the next.
 *
 * <p>JSON: {@code {"monday": [{"opens": "08:00", "closes": "12:00"}, {"opens": "13:00", "closes": "18:00"}],
 * "saturday": [{"opens": "09:00", "closes": "13:00"}]}}; days left out are closed.
 */
public final class WeeklySchedule {
  public static final int MAX_RANGES_PER_DAY = 6;
  public static final WeeklySchedule CLOSED = new WeeklySchedule(new EnumMap<>(DayOfWeek.class));

  private final Map<DayOfWeek, List<OpeningRange>> days;

  private WeeklySchedule(Map<DayOfWeek, List<OpeningRange>> days) {
    this.days = days;
  }

  /** The ranges of one day, earliest first (empty: closed all day). */
  public List<OpeningRange> on(DayOfWeek day) {
    return days.getOrDefault(day, List.of());
  }

  public boolean alwaysClosed() {
    return days.values().stream().allMatch(List::isEmpty);
  }

  /** Builds a schedule (for tests and seeds); the same rules as {@link #fromJson}. */
  public static WeeklySchedule of(Map<DayOfWeek, List<OpeningRange>> ranges) {
    JsonObject json = new JsonObject();
    ranges.forEach((day, list) -> {
      JsonArray array = new JsonArray();
      list.forEach(r -> array.add(new JsonObject().put("opens", r.opensText()).put("closes", r.closesText())));
      json.put(key(day), array);
    });
    return fromJson(json);
  }

  /**
   * The schedule, or {@link HoursRejected} ({@code invalid_hours}) naming every problem: an unknown day, a
   * time that is not HH:MM between 00:00 and 24:00, 24:00 as an opening time, a range that closes before it
   * opens (or at once), ranges that overlap, too many ranges in a day.
   */
  public static WeeklySchedule fromJson(JsonObject json) {
    List<String> problems = new ArrayList<>();
    Map<DayOfWeek, List<OpeningRange>> days = new EnumMap<>(DayOfWeek.class);
    if (json == null) {
      throw new HoursRejected("invalid_hours", List.of("the weekly schedule is missing"));
    }
    for (String name : json.fieldNames()) {
      Optional<DayOfWeek> day = dayOf(name);
      if (day.isEmpty()) {
        problems.add("'" + name + "' is not a day (monday ... sunday)");
        continue;
      }
      Object value = json.getValue(name);
      if (!(value instanceof JsonArray array)) {
        problems.add(name + ": a list of {opens, closes} ranges is expected");
        continue;
      }
      List<OpeningRange> ranges = ranges(name, array, problems);
      if (ranges.size() > MAX_RANGES_PER_DAY) {
        problems.add(name + ": at most " + MAX_RANGES_PER_DAY + " ranges a day (" + ranges.size() + " given)");
      }
      ranges.sort(Comparator.comparingInt(OpeningRange::opens));
      for (int i = 1; i < ranges.size(); i++) {
        OpeningRange before = ranges.get(i - 1);
        OpeningRange after = ranges.get(i);
        if (before.overlaps(after)) {
          problems.add(name + ": " + before.opensText() + "-" + before.closesText() + " overlaps "
              + after.opensText() + "-" + after.closesText());
        }
      }
      if (!ranges.isEmpty()) {
        days.put(day.get(), List.copyOf(ranges));
      }
    }
    if (!problems.isEmpty()) {
      throw new HoursRejected("invalid_hours", problems);
    }
    return new WeeklySchedule(days);
  }

  private static List<OpeningRange> ranges(String day, JsonArray array, List<String> problems) {
    List<OpeningRange> ranges = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject range)) {
        problems.add(day + ": range " + (i + 1) + " is not an {opens, closes} object");
        continue;
      }
      Object opensValue = range.getValue("opens");
      Object closesValue = range.getValue("closes");
      Optional<Integer> opens = opensValue instanceof String s ? OpeningRange.minuteOf(s) : Optional.empty();
      Optional<Integer> closes = closesValue instanceof String s ? OpeningRange.minuteOf(s) : Optional.empty();
      if (opens.isEmpty() || closes.isEmpty()) {
        problems.add(day + ": range " + (i + 1) + " needs opens and closes as HH:MM between 00:00 and 24:00 (got "
            + opensValue + "-" + closesValue + ")");
        continue;
      }
      if (opens.get() == OpeningRange.END_OF_DAY) {
        problems.add(day + ": 24:00 can only close a day; open at 00:00 instead");
        continue;
      }
      if (closes.get() <= opens.get()) {
        problems.add(day + ": " + opensValue + "-" + closesValue + " closes before it opens; a range past midnight is "
            + "two ranges (" + opensValue + "-24:00, and 00:00-" + closesValue + " the next day)");
        continue;
      }
      ranges.add(new OpeningRange(opens.get(), closes.get()));
    }
    return ranges;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (DayOfWeek day : DayOfWeek.values()) {
      JsonArray array = new JsonArray();
      on(day).forEach(r -> array.add(new JsonObject().put("opens", r.opensText()).put("closes", r.closesText())));
      json.put(key(day), array);
    }
    return json;
  }

  static String key(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }

  private static Optional<DayOfWeek> dayOf(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (key(day).equals(name)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }

  /**
   * The week in a few words, days with the same hours grouped: "Mon–Fri 8am–6pm; Sat 9am–1pm; Sun closed".
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    DayOfWeek[] week = DayOfWeek.values();
    int i = 0;
    while (i < week.length) {
      int j = i;
      while (j + 1 < week.length && on(week[j + 1]).equals(on(week[i]))) {
        j++;
      }
      String label = j == i ? shortName(week[i]) : shortName(week[i]) + "–" + shortName(week[j]);
      parts.add(label + " " + spoken(on(week[i])));
      i = j + 1;
    }
    return String.join("; ", parts);
  }

  static String spoken(List<OpeningRange> ranges) {
    if (ranges.isEmpty()) {
      return "closed";
    }
    if (ranges.size() == 1 && ranges.get(0).opens() == 0 && ranges.get(0).closes() == OpeningRange.END_OF_DAY) {
      return "open 24 hours";
    }
    List<String> spoken = new ArrayList<>();
    ranges.forEach(r -> spoken.add(r.spoken()));
    return String.join(", ", spoken);
  }

  static String shortName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.US);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeeklySchedule other && days.equals(other.days);
  }

  @Override
  public int hashCode() {
    return days.hashCode();
  }
}
