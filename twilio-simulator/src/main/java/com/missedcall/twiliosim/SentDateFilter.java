package com.missedcall.twiliosim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;

/**
 * One of Twilio's {@code DateSent}, {@code DateSent>} (on or after) and {@code DateSent<} (on or
 * before) list filters. A {@code YYYY-MM-DD} value compares GMT calendar days; a full timestamp
 * (ISO-8601 with or without offset, GMT assumed, or RFC 2822, as client libraries send) compares
 * instants.
 */
final class SentDateFilter implements Predicate<Instant> {

  enum Bound { ON, ON_OR_AFTER, ON_OR_BEFORE }

  private final Bound bound;
  private final LocalDate day;
  private final Instant instant;

  private SentDateFilter(Bound bound, LocalDate day, Instant instant) {
    this.bound = bound;
    this.day = day;
    this.instant = instant;
  }

  static SentDateFilter parse(Bound bound, String value) {
    String trimmed = value.trim();
    try {
      if (trimmed.length() == 10) {
        return new SentDateFilter(bound, LocalDate.parse(trimmed), null);
      }
      return new SentDateFilter(bound, null, parseInstant(trimmed));
    } catch (DateTimeParseException e) {
      throw new TwilioApiException(400, 20001, "Invalid DateSent value: " + value);
    }
  }

  @Override
  public boolean test(Instant sentAt) {
    int cmp = day != null ? sentAt.atZone(ZoneOffset.UTC).toLocalDate().compareTo(day) : sentAt.compareTo(instant);
    return switch (bound) {
      case ON -> cmp == 0;
      case ON_OR_AFTER -> cmp >= 0;
      case ON_OR_BEFORE -> cmp <= 0;
    };
  }

  private static Instant parseInstant(String value) {
    if (value.indexOf(',') > 0) {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException noOffset) {
      // twilio-java sends yyyy-MM-dd'T'HH:mm:ss in GMT without an offset.
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
  }
}
