package com.missedcall.recovery.hours;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Whole days the business is closed, {@code from} to {@code to} inclusive, with the label callers may see. */
public record Closure(LocalDate from, LocalDate to, String label) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.US);

  public boolean covers(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  public boolean overlaps(Closure other) {
    return !from.isAfter(other.to) && !other.from.isAfter(to);
  }

  /** "Dec 25 (Christmas Day)", "Dec 24–Jan 1 (Winter break)". */
  public String spoken() {
    String days = from.equals(to) ? DAY.format(from) : DAY.format(from) + "–" + DAY.format(to);
    return days + " (" + label + ")";
  }
}
