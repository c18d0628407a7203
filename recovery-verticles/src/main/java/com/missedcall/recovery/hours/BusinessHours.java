package com.missedcall.recovery.hours;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A workspace's opening hours as data: its weekly schedule and its holidays and closures, read in its time
 * zone. Every question ("open now?", "hours today", "when do we open next?") is answered from the local
 * wall clock, so a range means the same local times on the days clocks change; an opening time that does not
 * exist that day (inside a spring-forward gap) opens when the clocks reach it, a range the gap swallows whole
 * never opens that day.
 */
public final class BusinessHours {
  /** How far ahead {@link #nextOpening} looks: a closure may last a year. */
  static final int LOOKAHEAD_DAYS = HolidayCalendar.MAX_DAYS + 8;
  private static final DateTimeFormatter DAY_OF_YEAR = DateTimeFormatter.ofPattern("MMM d", Locale.US);

  private final ZoneId zone;
  private final WeeklySchedule weekly;
  private final HolidayCalendar closures;

  public BusinessHours(ZoneId zone, WeeklySchedule weekly, HolidayCalendar closures) {
    this.zone = zone;
    this.weekly = weekly;
    this.closures = closures;
  }

  /** As stored: the weekly schedule (object) and the closures (array), validated again on the way in. */
  public static BusinessHours fromJson(ZoneId zone, JsonObject weekly, JsonArray closures) {
    return new BusinessHours(zone, WeeklySchedule.fromJson(weekly), HolidayCalendar.fromJson(closures));
  }

  public ZoneId zone() {
    return zone;
  }

  public WeeklySchedule weekly() {
    return weekly;
  }

  public HolidayCalendar closures() {
    return closures;
  }

  public OpenState stateAt(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    if (closures.on(local.toLocalDate()).isPresent()) {
      return OpenState.HOLIDAY;
    }
    int minute = local.getHour() * 60 + local.getMinute();
    for (OpeningRange range : weekly.on(local.getDayOfWeek())) {
      if (range.contains(minute)) {
        return OpenState.OPEN;
      }
    }
    return OpenState.AFTER_HOURS;
  }

  /** The closure of the local day of {@code at}, if it is one. */
  public Optional<Closure> closureAt(Instant at) {
    return closures.on(at.atZone(zone).toLocalDate());
  }

  /** "8am–noon, 1pm–6pm", "closed", "closed (Christmas Day)": the local day of {@code at}. */
  public String hoursOn(Instant at) {
    LocalDate date = at.atZone(zone).toLocalDate();
    Optional<Closure> closure = closures.on(date);
    if (closure.isPresent()) {
      return "closed (" + closure.get().label() + ")";
    }
    return WeeklySchedule.spoken(weekly.on(date.getDayOfWeek()));
  }

  /**
   * When the business is next open, from {@code at}: {@code at} itself when it is open then, otherwise the
   * start of the next range that is not on a closure. Empty when it never opens within a year and a week.
   */
  public Optional<ZonedDateTime> nextOpening(Instant at) {
    ZonedDateTime now = at.atZone(zone);
    if (stateAt(at).open()) {
      return Optional.of(now);
    }
    LocalDate date = now.toLocalDate();
    for (int d = 0; d <= LOOKAHEAD_DAYS; d++, date = date.plusDays(1)) {
      if (closures.on(date).isPresent()) {
        continue;
      }
      for (OpeningRange range : weekly.on(date.getDayOfWeek())) {
        ZonedDateTime start = atLocal(date, range.opens());
        ZonedDateTime end = atLocal(date, range.closes());
        if (!start.isBefore(end) || !end.isAfter(now)) {
          continue; // swallowed by a clock change, or already over
        }
        return Optional.of(start.isAfter(now) ? start : now);
      }
    }
    return Optional.empty();
  }

  /** "now", "today at 8am", "tomorrow at 8am", "Mon at 8am", "Jan 5 at 8am"; empty when it never opens. */
  public Optional<String> nextOpeningSpoken(Instant at) {
    return nextOpening(at).map(next -> {
      ZonedDateTime now = at.atZone(zone);
      if (!next.isAfter(now)) {
        return "now";
      }
      String time = OpeningRange.spoken(next.getHour() * 60 + next.getMinute());
      long days = next.toLocalDate().toEpochDay() - now.toLocalDate().toEpochDay();
      String day = days == 0 ? "today" : days == 1 ? "tomorrow"
          : days < 7 ? WeeklySchedule.shortName(next.getDayOfWeek()) : DAY_OF_YEAR.format(next);
      return day + " at " + ("midnight".equals(time) ? "midnight" : time);
    });
  }

  /**
   * The hours in words for the AI and the intake script: the week, the closures of the next 60 days, and
   * where the business stands at {@code at}. "Mon–Fri 8am–6pm; Sat–Sun closed (times in America/Chicago).
   * Closed Dec 25 (Christmas Day). Right now: closed, open again tomorrow at 8am."
   */
  public String describeAt(Instant at) {
    StringBuilder text = new StringBuilder(weekly.describe()).append(" (times in ").append(zone.getId()).append(")");
    LocalDate today = at.atZone(zone).toLocalDate();
    List<Closure> soon = closures.upcoming(today, 5).stream()
        .filter(c -> c.from().isBefore(today.plusDays(60))).toList();
    if (!soon.isEmpty()) {
      text.append(". Closed ").append(String.join(", ", soon.stream().map(Closure::spoken).toList()));
    }
    OpenState state = stateAt(at);
    text.append(". Right now: ");
    if (state.open()) {
      text.append("open");
    } else {
      text.append(state == OpenState.HOLIDAY ? "closed for " + closureAt(at).map(Closure::label).orElse("a holiday")
          : "closed");
      nextOpeningSpoken(at).ifPresent(next -> text.append(", open again ").append(next));
    }
    return text.append('.').toString();
  }

  /**
   * The hours as a caller is told them, without a trailing period: "Mon–Fri 8am–6pm; Sat–Sun closed. We're
   * closed now (Christmas Day) and open again tomorrow at 8am".
   */
  public String toCallerAt(Instant at) {
    StringBuilder text = new StringBuilder(weekly.describe());
    OpenState state = stateAt(at);
    if (state.open()) {
      return text.append(". We're open now").toString();
    }
    text.append(". We're closed now");
    if (state == OpenState.HOLIDAY) {
      closureAt(at).ifPresent(c -> text.append(" (").append(c.label()).append(')'));
    }
    nextOpeningSpoken(at).ifPresent(next -> text.append(" and open again ").append(next));
    return text.toString();
  }

  /** A wall-clock minute of a local date as an instant: 24:00 is the next day's start; a gap ends at its jump. */
  private ZonedDateTime atLocal(LocalDate date, int minute) {
    if (minute == OpeningRange.END_OF_DAY) {
      return date.plusDays(1).atStartOfDay(zone);
    }
    if (minute == 0) {
      return date.atStartOfDay(zone);
    }
    java.time.LocalDateTime wallClock = date.atTime(minute / 60, minute % 60);
    java.time.zone.ZoneRules rules = zone.getRules();
    if (rules.getValidOffsets(wallClock).isEmpty()) {
      // inside a spring-forward gap: the first moment the clocks show a later time
      return rules.getTransition(wallClock).getInstant().atZone(zone);
    }
    return ZonedDateTime.of(wallClock, zone);
  }
}
