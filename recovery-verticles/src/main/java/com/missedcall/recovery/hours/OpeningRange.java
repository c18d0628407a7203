package com.missedcall.recovery.hours;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stretch of a day when the business is open, in minutes of the local wall-clock day: it opens at
 * {@code opens} (0..1439) and closes at {@code closes} (1..1440, where 1440 is the "24:00" that ends a day).
 * Wall-clock minutes, not durations: a range means the same local times on a day when clocks change.
 */
public record OpeningRange(int opens, int closes) {
  static final int END_OF_DAY = 24 * 60;
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-4]):([0-5][0-9])");

  public OpeningRange {
    if (opens < 0 || opens >= END_OF_DAY || closes <= opens || closes > END_OF_DAY) {
      throw new IllegalArgumentException("not a range of one day: " + opens + ".." + closes);
    }
  }

  /** Minutes of the day for "HH:MM" (00:00 to 24:00), empty when it is not such a time. */
  static Optional<Integer> minuteOf(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = TIME.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    int minute = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    return minute > END_OF_DAY ? Optional.empty() : Optional.of(minute);
  }

  public boolean contains(int minuteOfDay) {
    return minuteOfDay >= opens && minuteOfDay < closes;
  }

  public boolean overlaps(OpeningRange other) {
    return opens < other.closes && other.opens < closes;
  }

  public String opensText() {
    return clock(opens);
  }

  public String closesText() {
    return clock(closes);
  }

  static String clock(int minute) {
    return String.format("%02d:%02d", minute / 60, minute % 60);
  }

  /** "8am–12:30pm", "9pm–midnight": how the range reads in a text to a caller. */
  public String spoken() {
    return spoken(opens) + "–" + spoken(closes);
  }

  static String spoken(int minute) {
    if (minute == END_OF_DAY || minute == 0) {
      return "midnight";
    }
    if (minute == 12 * 60) {
      return "noon";
    }
    int hour = minute / 60;
    int min = minute % 60;
    String suffix = hour < 12 ? "am" : "pm";
    int h12 = hour % 12 == 0 ? 12 : hour % 12;
    return h12 + (min == 0 ? "" : String.format(":%02d", min)) + suffix;
  }
}
