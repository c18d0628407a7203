package com.missedcall.recovery.fastpath;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Redis keys of one call. Every key carries the workspace hash tag {@code {ws:ID}} so the scripts
 * touch a single cluster slot. Periods follow the workspace's timezone, as Postgres counts them.
 */
public record CallKeys(String done, String window, String smsDay, String leadsMonth, String leadCounted,
                       long msUntilDayEnds, long msUntilMonthEnds, int day, int month) {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  public static CallKeys of(String prefix, long workspaceId, String accountSid, String callSid, String caller,
                            ZoneId zone, Instant at) {
    String base = prefix + "{ws:" + workspaceId + "}:";
    ZonedDateTime local = at.atZone(zone);
    LocalDate date = local.toLocalDate();
    int day = Integer.parseInt(DAY.format(date));
    int month = day / 100;
    long dayEnds = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() - at.toEpochMilli();
    long monthEnds = date.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli()
        - at.toEpochMilli();
    // counters outlive their period by a day so a late webhook still finds them
    long slack = 86_400_000L;
    return new CallKeys(base + "done:" + accountSid + ":" + callSid, base + "win:" + caller,
        base + "sms:" + day, base + "leads:" + month, base + "lm:" + month + ":" + caller,
        dayEnds + slack, monthEnds + slack, day, month);
  }

  List<String> all() {
    return List.of(done, window, smsDay, leadsMonth, leadCounted);
  }
}
