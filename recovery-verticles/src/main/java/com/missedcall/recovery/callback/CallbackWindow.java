package com.missedcall.recovery.callback;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a caller would like to be called back: a window in the workspace's zone, read from the intake page's
 * choices ({@link #of}) or from what the caller wrote ({@link #parse}, forgiving: "tomorrow morning", "after 5pm",
 * "2-4", "Monday afternoon", "asap"). Parts of the day are fixed: morning 8-12, afternoon 12-5 pm, evening 5-8 pm;
 * a day without a time is 8 am-8 pm; today's windows start no earlier than now, and a window with no day named
 * that has already ended today is tomorrow's.
 */
public record CallbackWindow(ZonedDateTime from, ZonedDateTime to) {
  /** A day the page offers. */
  public enum Day { TODAY, TOMORROW }

  /** A part of the day the page offers, with its bounds. */
  public enum Part {
    MORNING(LocalTime.of(8, 0), LocalTime.of(12, 0)),
    AFTERNOON(LocalTime.NOON, LocalTime.of(17, 0)),
    EVENING(LocalTime.of(17, 0), LocalTime.of(20, 0)),
    ANYTIME(LocalTime.of(8, 0), LocalTime.of(20, 0));

    final LocalTime start;
    final LocalTime end;

    Part(LocalTime start, LocalTime end) {
      this.start = start;
      this.end = end;
    }

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Part> of(String code) {
      for (Part p : values()) {
        if (p.code().equals(code)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  private static final Duration ASAP = Duration.ofHours(1);
  private static final Duration AFTER = Duration.ofHours(3);
  private static final Duration AT = Duration.ofHours(1);
  private static final LocalTime LATEST = LocalTime.of(21, 0);

  private static final Pattern ASAP_WORDS = Pattern.compile(
      "\\b(asap|a\\.s\\.a\\.p|as soon as (possible|you can)|right away|right now|straight away|immediately|now)\\b");
  private static final Pattern TODAY = Pattern.compile("\\b(today|tonight|this (morning|afternoon|evening))\\b");
  private static final Pattern TOMORROW = Pattern.compile("\\b(tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrow)\\b");
  private static final Pattern WEEKDAY = Pattern.compile(
      "\\b(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(day|nesday|sday|urday|rsday)?\\b");
  private static final Pattern MORNING = Pattern.compile("\\b(morning|mornings|a\\.?m\\.? only)\\b");
  private static final Pattern AFTERNOON = Pattern.compile("\\b(afternoon|afternoons|arvo)\\b");
  private static final Pattern EVENING = Pattern.compile("\\b(evening|evenings|tonight|night)\\b");
  private static final Pattern LUNCH = Pattern.compile("\\b(lunch|lunchtime|midday|noon)\\b");
  private static final Pattern ANYTIME = Pattern.compile("\\b(any ?time|whenever|all day)\\b");
  private static final String TIME = "\\b(\\d{1,2}|noon|midday)(?:[:.](\\d{2}))?\\s*(a\\.?m\\.?|p\\.?m\\.?|a|p)?\\b";
  private static final Pattern RANGE = Pattern.compile(
      "(?:between\\s+|from\\s+)?" + TIME + "\\s*(?:-|–|—|to|and|till|til|until)\\s*" + TIME);
  private static final Pattern AFTER_TIME = Pattern.compile("\\b(?:after|from|past)\\s+" + TIME);
  private static final Pattern BEFORE_TIME = Pattern.compile("\\b(?:before|by|until|till)\\s+" + TIME);
  private static final Pattern AT_TIME = Pattern.compile(
      "(?:(?:\\b(?:at|around|about|round)|@)\\s*)" + TIME + "|\\b(\\d{1,2})(?:[:.](\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)");
  private static final Map<String, DayOfWeek> WEEKDAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
      "sun", DayOfWeek.SUNDAY);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM d", Locale.US);

  public CallbackWindow {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("a callback window ends after it starts");
    }
  }

  /** The page's choice: a day and a part of it. */
  public static CallbackWindow of(Day day, Part part, ZonedDateTime now) {
    LocalDate date = now.toLocalDate().plusDays(day == Day.TOMORROW ? 1 : 0);
    return between(date, part.start, part.end, now, day == Day.TODAY)
        .orElseGet(() -> between(date, part.start, LATEST, now, true)
            .orElseGet(() -> new CallbackWindow(now, now.plus(ASAP))));
  }

  /** What the caller wrote, read forgivingly; empty when it names no day, part of the day or time we understand. */
  public static Optional<CallbackWindow> parse(String said, ZonedDateTime now) {
    if (said == null || said.isBlank()) {
      return Optional.empty();
    }
    String text = " " + said.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip() + " ";
    LocalDate date = null;
    boolean today = false;
    if (TOMORROW.matcher(text).find()) {
      date = now.toLocalDate().plusDays(1);
    } else if (TODAY.matcher(text).find()) {
      date = now.toLocalDate();
      today = true;
    } else {
      Matcher weekday = WEEKDAY.matcher(text);
      if (weekday.find()) {
        DayOfWeek dow = WEEKDAYS.get(weekday.group(1).substring(0, 3));
        date = now.toLocalDate().with(TemporalAdjusters.nextOrSame(dow));
        today = date.equals(now.toLocalDate());
      }
    }
    LocalTime[] span = times(text);
    if (span == null) {
      if ((date == null || today) && ASAP_WORDS.matcher(text).find()) {
        return Optional.of(new CallbackWindow(now, now.plus(ASAP)));
      }
      if (date == null && !ANYTIME.matcher(text).find()) {
        return Optional.empty();
      }
      span = new LocalTime[] {Part.ANYTIME.start, Part.ANYTIME.end};
    }
    LocalTime start = span[0];
    LocalTime end = span[1];
    if (date != null) {
      // a day the caller named is kept even when its window is over: the team sees what was said
      LocalDate named = date;
      return between(named, start, end, now, today).or(() -> {
        ZonedDateTime from = at(named, start, now);
        ZonedDateTime to = at(named, end, now);
        // an hour a clock change skips can leave nothing between the two
        return to.isAfter(from) ? Optional.of(new CallbackWindow(from, to)) : Optional.empty();
      });
    }
    return between(now.toLocalDate(), start, end, now, true)
        .or(() -> between(now.toLocalDate().plusDays(1), start, end, now, false));
  }

  /** The window in words, in its zone, for texts to the team: "tomorrow (Sat Dec 5), 8:00 am-12:00 pm". */
  public String words(ZonedDateTime now) {
    LocalDate day = from.toLocalDate();
    long days = ChronoUnit.DAYS.between(now.toLocalDate(), day);
    String date = DATE.format(from);
    String when = days == 0 ? "today (" + date + ")" : days == 1 ? "tomorrow (" + date + ")" : date;
    String end = to.toLocalDate().equals(day) ? clock(to.toLocalTime()) : DATE.format(to) + " " + clock(to.toLocalTime());
    return when + ", " + clock(from.toLocalTime()) + "-" + end;
  }

  /** The window in words without a reference day: "Sat Dec 5, 8:00 am-12:00 pm". */
  public String words() {
    LocalDate day = from.toLocalDate();
    String end = to.toLocalDate().equals(day) ? clock(to.toLocalTime()) : DATE.format(to) + " " + clock(to.toLocalTime());
    return DATE.format(from) + ", " + clock(from.toLocalTime()) + "-" + end;
  }

  /** A time of day as the team reads it: "8:00 am", "12:30 pm". */
  public static String clockWords(LocalTime t) {
    return clock(t);
  }

  private static String clock(LocalTime t) {
    int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    return h + ":" + String.format(Locale.ROOT, "%02d", t.getMinute()) + (t.getHour() < 12 ? " am" : " pm");
  }

  /** The day's window from start to end, starting no earlier than now when {@code clamp}; empty once over. */
  private static Optional<CallbackWindow> between(LocalDate date, LocalTime start, LocalTime end, ZonedDateTime now,
                                                  boolean clamp) {
    ZonedDateTime from = at(date, start, now);
    ZonedDateTime to = at(date, end, now);
    if (clamp && from.isBefore(now)) {
      from = now.truncatedTo(ChronoUnit.MINUTES);
    }
    return to.isAfter(from) && to.isAfter(now) ? Optional.of(new CallbackWindow(from, to)) : Optional.empty();
  }

  private static ZonedDateTime at(LocalDate date, LocalTime time, ZonedDateTime now) {
    return ZonedDateTime.of(date, time, now.getZone());
  }

  /** The times the text names, as [start, end), or null when it names none. */
  private static LocalTime[] times(String text) {
    Matcher range = RANGE.matcher(text);
    while (range.find()) {
      Integer startHour = hour(range.group(1));
      Integer endHour = hour(range.group(4));
      if (startHour == null || endHour == null || !minutes(range.group(2)) || !minutes(range.group(5))) {
        continue;
      }
      String endMeridiem = meridiem(range.group(6), range.group(4));
      String startMeridiem = meridiem(range.group(3), range.group(1));
      LocalTime end = clock(endHour, range.group(5), endMeridiem);
      LocalTime start = startMeridiem != null ? clock(startHour, range.group(2), startMeridiem)
          : endMeridiem != null ? clock(startHour, range.group(2), endMeridiem) : null;
      if (start == null || !start.isBefore(end)) {
        start = clock(startHour, range.group(2), startMeridiem == null ? guess(startHour) : startMeridiem);
      }
      if (start != null && end != null && start.isBefore(end)) {
        return new LocalTime[] {start, end};
      }
    }
    Matcher after = AFTER_TIME.matcher(text);
    if (after.find() && hour(after.group(1)) != null && minutes(after.group(2))) {
      LocalTime start = clock(hour(after.group(1)), after.group(2), meridiem(after.group(3), after.group(1)));
      LocalTime end = start.isAfter(LATEST.minus(AFTER)) ? LATEST : start.plus(AFTER);
      if (start.isBefore(end)) {
        return new LocalTime[] {start, end};
      }
    }
    Matcher before = BEFORE_TIME.matcher(text);
    if (before.find() && hour(before.group(1)) != null && minutes(before.group(2))) {
      LocalTime end = clock(hour(before.group(1)), before.group(2), meridiem(before.group(3), before.group(1)));
      if (end.isAfter(Part.MORNING.start)) {
        return new LocalTime[] {Part.MORNING.start, end};
      }
    }
    Matcher at = AT_TIME.matcher(text);
    if (at.find()) {
      boolean marked = at.group(1) != null;
      String h = marked ? at.group(1) : at.group(4);
      String m = marked ? at.group(2) : at.group(5);
      String mer = marked ? at.group(3) : at.group(6);
      if (hour(h) != null && minutes(m)) {
        LocalTime start = clock(hour(h), m, meridiem(mer, h));
        LocalTime end = start.isBefore(LocalTime.of(23, 0)) ? start.plus(AT) : LocalTime.of(23, 59);
        return new LocalTime[] {start, end};
      }
    }
    if (LUNCH.matcher(text).find() && !MORNING.matcher(text).find() && !AFTERNOON.matcher(text).find()) {
      return new LocalTime[] {LocalTime.NOON, LocalTime.of(13, 0)};
    }
    Part part = MORNING.matcher(text).find() ? Part.MORNING : AFTERNOON.matcher(text).find() ? Part.AFTERNOON
        : EVENING.matcher(text).find() ? Part.EVENING : null;
    return part == null ? null : new LocalTime[] {part.start, part.end};
  }

  /** 1-12 (noon: 12), or null for anything else. */
  private static Integer hour(String h) {
    if (h == null) {
      return null;
    }
    if (h.equals("noon") || h.equals("midday")) {
      return 12;
    }
    int value = Integer.parseInt(h);
    return value >= 1 && value <= 23 ? value : null;
  }

  private static boolean minutes(String m) {
    return m == null || Integer.parseInt(m) < 60;
  }

  /** "am", "pm" or null; noon is pm. */
  private static String meridiem(String written, String hour) {
    if ("noon".equals(hour) || "midday".equals(hour)) {
      return "pm";
    }
    return written == null ? null : written.startsWith("a") ? "am" : "pm";
  }

  /** A bare hour as a business means it: 8-11 in the morning, 12 noon, 1-7 in the afternoon or evening. */
  private static String guess(int hour) {
    return hour >= 8 && hour <= 11 ? "am" : "pm";
  }

  private static LocalTime clock(int hour, String minutes, String meridiem) {
    int m = minutes == null ? 0 : Integer.parseInt(minutes);
    if (hour > 12) {
      return LocalTime.of(hour, m);
    }
    String mer = meridiem == null ? guess(hour) : meridiem;
    int h = hour % 12 + (mer.equals("pm") ? 12 : 0);
    return LocalTime.of(h, m);
  }
}
