package com.missedcall.recovery.calls;

import java.util.Set;
import java.util.regex.Pattern;

/** Tells whether a caller id is a real E.164 number we may text. */
public final class CallerNumber {
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
  // what carriers and Twilio put in From when the caller withheld or has no number
  private static final Set<String> PLACEHOLDERS = Set.of(
      "+266696687",   // "ANONYMOUS"
      "+7378742833",  // "RESTRICTED"
      "+2562533",     // "BLOCKED"
      "+8656696",     // "UNKNOWN"
      "+86282452253", // "UNAVAILABLE"
      "+0000000000");

  private CallerNumber() {}

  public static boolean isTextable(String from) {
    return from != null && E164.matcher(from).matches() && !PLACEHOLDERS.contains(from);
  }

  /** A number safe to print in logs: country code and the last two digits. */
  public static String mask(String phone) {
    if (phone == null || phone.length() < 6) {
      return "***";
    }
    return phone.substring(0, 2) + "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 2);
  }
}
