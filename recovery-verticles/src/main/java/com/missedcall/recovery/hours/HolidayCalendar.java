package com.missedcall.recovery.hours;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Holidays and closures: dates (or runs of dates) on which the weekly schedule does not apply and the
 * business is closed all day, each with a label ("Christmas Day", "Closed for inventory").
 *
 * <p>JSON: {@code [{"from": "2026-12-25", "label": "Christmas Day"},
 * {"from": "2026-12-24", "to": "2026-12-31", "label": "Winter break"}]}; {@code to} defaults to {@code from}.
 */
public final class HolidayCalendar {
  public static final int MAX_CLOSURES = 200;
  public static final int MAX_LABEL = 60;
  public static final int MAX_DAYS = 366;
  public static final HolidayCalendar NONE = new HolidayCalendar(List.of());

  private final List<Closure> closures;

  private HolidayCalendar(List<Closure> closures) {
    this.closures = closures;
  }

  public List<Closure> closures() {
    return closures;
  }

  public Optional<Closure> on(LocalDate date) {
    for (Closure c : closures) {
      if (c.covers(date)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The closures that end on or after {@code date}, earliest first, at most {@code limit}. */
  public List<Closure> upcoming(LocalDate date, int limit) {
    return closures.stream().filter(c -> !c.to().isBefore(date)).limit(limit).toList();
  }

  public static HolidayCalendar of(List<Closure> closures) {
    JsonArray json = new JsonArray();
    closures.forEach(c -> json.add(new JsonObject().put("from", c.from().toString()).put("to", c.to().toString())
        .put("label", c.label())));
    return fromJson(json);
  }

  /**
   * The calendar, or {@link HoursRejected} ({@code invalid_closures}) naming every problem: a date that is not
   * YYYY-MM-DD, {@code to} before {@code from}, a closure longer than a year, a missing or long label,
   * closures that overlap, too many closures.
   */
  public static HolidayCalendar fromJson(JsonArray json) {
    if (json == null) {
      return NONE;
    }
    List<String> problems = new ArrayList<>();
    List<Closure> closures = new ArrayList<>();
    if (json.size() > MAX_CLOSURES) {
      problems.add("at most " + MAX_CLOSURES + " holidays and closures (" + json.size() + " given)");
    }
    for (int i = 0; i < json.size(); i++) {
      Object item = json.getValue(i);
      String which = "closure " + (i + 1);
      if (!(item instanceof JsonObject c)) {
        problems.add(which + " is not a {from, to, label} object");
        continue;
      }
      Optional<LocalDate> from = date(c.getValue("from"));
      Optional<LocalDate> to = c.getValue("to") == null ? from : date(c.getValue("to"));
      Object labelValue = c.getValue("label");
      String label = labelValue instanceof String s ? s.strip() : "";
      if (from.isEmpty() || to.isEmpty()) {
        problems.add(which + ": from and to must be dates as YYYY-MM-DD (got " + c.getValue("from") + ", "
            + c.getValue("to") + ")");
        continue;
      }
      if (label.isEmpty() || label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
        problems.add(which + ": a label of 1 to " + MAX_LABEL + " characters is needed (e.g. \"Christmas Day\")");
        continue;
      }
      if (to.get().isBefore(from.get())) {
        problems.add(which + " (" + label + "): ends " + to.get() + " before it starts " + from.get());
        continue;
      }
      if (ChronoUnit.DAYS.between(from.get(), to.get()) >= MAX_DAYS) {
        problems.add(which + " (" + label + "): at most " + MAX_DAYS + " days long");
        continue;
      }
      closures.add(new Closure(from.get(), to.get(), label));
    }
    closures.sort(Comparator.comparing(Closure::from));
    for (int i = 1; i < closures.size(); i++) {
      if (closures.get(i - 1).overlaps(closures.get(i))) {
        problems.add(closures.get(i - 1).spoken() + " overlaps " + closures.get(i).spoken());
      }
    }
    if (!problems.isEmpty()) {
      throw new HoursRejected("invalid_closures", problems);
    }
    return new HolidayCalendar(List.copyOf(closures));
  }

  private static Optional<LocalDate> date(Object value) {
    if (!(value instanceof String s) || s.length() != 10) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public JsonArray toJson() {
    JsonArray json = new JsonArray();
    closures.forEach(c -> json.add(new JsonObject().put("from", c.from().toString()).put("to", c.to().toString())
        .put("label", c.label())));
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HolidayCalendar other && closures.equals(other.closures);
  }

  @Override
  public int hashCode() {
    return closures.hashCode();
  }
}
