package com.missedcall.recovery.calls;

import java.util.Set;
import java.util.regex.Pattern;

/** Tells whether a caller id is a real E.164 number we may text. */
public final class CallerNumber {
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
  // a number inside free text: "+15551234567", Twilio's bare digits ("15551234567"), or URL-encoded
  // ("%2B15551234567", a quoted request URI); not digits inside a SID
  private static final Pattern IN_TEXT = Pattern.compile(
      "(?:(?<![\\w+])(?:\\+\\d{7,15}|\\d{10,15})|%2[Bb]\\d{7,15})(?!\\w)");
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

  /**
   * Free text (an error Twilio or a driver wrote, e.g. "The 'To' number +15551234567 is not a valid phone
   * number") with every phone number in it masked as {@link #mask} does; null stays null.
   */
  public static String maskWithin(String text) {
    if (text == null) {
      return null;
    }
    return IN_TEXT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(mask(m.group())));
  }
}
