package com.missedcall.recovery.voice;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The texts voice recovery sends (summaries, alerts) and the lines it speaks for outbound alert calls. */
public final class VoiceTexts {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US);

  private VoiceTexts() {}

  public static String callerSummary(String business, VoiceFacts f) {
    return business + ": thanks for talking with our assistant. We have: " + shorten(f.need(), 100) + " at "
        + shorten(f.address(), 100) + ", urgency " + shorten(f.urgency(), 30)
        + (blank(f.callbackTime()) ? "" : ", call back " + shorten(f.callbackTime(), 40))
        + ". Someone will call you back soon. Reply STOP to opt out.";
  }

  public static String teamSummary(String business, String caller, Instant missedAt, ZoneId zone, VoiceFacts f) {
    return business + " voice lead: " + caller + ", missed call " + when(missedAt, zone) + ". Need: "
        + orDash(f.need()) + ". Address: " + orDash(f.address()) + ". Urgency: " + orDash(f.urgency())
        + ". Call back: " + orDash(f.callbackTime()) + ".";
  }

  public static String urgentAlert(String business, String caller, VoiceFacts f) {
    return "URGENT " + business + ": " + caller + " told the voice assistant \"" + shorten(f.need(), 160)
        + "\"" + (blank(f.address()) ? "" : " at " + shorten(f.address(), 100)) + ". Please call them now.";
  }

  public static String failureAlert(String business, String caller) {
    return business + ": the voice assistant's AI failed on a call from " + caller
        + "; the built-in script took over. Please check the lead.";
  }

  /** What an outbound alert call says. */
  public static String alertCall(String business, VoiceFacts f) {
    return "This is the automated assistant of " + business + " with an urgent call. The caller needs: "
        + shorten(f.need(), 160) + (blank(f.address()) ? "" : ". The address is " + shorten(f.address(), 100))
        + ". Please call them back now.";
  }

  static String when(Instant at, ZoneId zone) {
    return at == null ? "-" : WHEN.format(at.atZone(zone));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String orDash(String s) {
    return blank(s) ? "-" : shorten(s, 120);
  }

  static String shorten(String s, int max) {
    if (s == null) {
      return "-";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= max ? t : t.substring(0, max - 3).strip() + "...";
  }
}
