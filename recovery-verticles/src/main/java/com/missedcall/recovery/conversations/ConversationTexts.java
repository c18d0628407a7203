package com.missedcall.recovery.conversations;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The texts the conversation workers send, in one place. The caller's words are quoted, shortened. */
public final class ConversationTexts {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US);

  private ConversationTexts() {}

  public static String help(String business, String contact) {
    return business + ": we're here to help. Reply to this text" + (contact == null ? "" : " or call " + contact)
        + ". Msg&data rates may apply. Reply STOP to opt out.";
  }

  /** The one confirmation of a free-text revocation (carriers confirm their own keywords). */
  public static String optOutConfirmation(String business) {
    return business + ": You're unsubscribed and will get no more texts from this number. Reply START to resubscribe.";
  }

  public static String urgentAlert(String business, String caller, String body) {
    return urgentAlert(business, caller, body, null);
  }

  /** @param callback the window the caller asked to be called back in, in words (null: none still ahead) */
  public static String urgentAlert(String business, String caller, String body, String callback) {
    return "URGENT " + business + ": " + caller + " texted \"" + shorten(body, 200) + "\". Please call them now."
        + callbackLine(callback);
  }

  /** To the team: carriers refused the business's texts, so texting callers is paused until someone resumes it. */
  public static String sendingPausedAlert(String business, int code) {
    String why = code == 30034 ? "its number is not registered for A2P 10DLC"
        : "carriers filtered its texts as spam";
    return business + ": texts to callers are PAUSED because " + why + " (Twilio " + code + "). Fix it, then "
        + "resume sending in the dashboard. Missed calls are still recorded.";
  }

  public static String followUp(String business) {
    return business + ": Just checking in - do you still need help? Reply here and we'll take care of it. "
        + "Reply STOP to opt out.";
  }

  public static String onCall(String business, String caller, Instant missedAt, ZoneId zone) {
    return onCall(business, caller, missedAt, zone, null);
  }

  /** @param callback the window the caller asked to be called back in, in words (null: none still ahead) */
  public static String onCall(String business, String caller, Instant missedAt, ZoneId zone, String callback) {
    return business + " on-call: " + caller + " called at " + when(missedAt, zone)
        + ", we texted back and they haven't replied. Please call them back." + callbackLine(callback);
  }

  /** " They asked for a call back <words>.", or nothing. */
  static String callbackLine(String callback) {
    return callback == null || callback.isBlank() ? "" : " They asked for a call back " + shorten(callback, 100) + ".";
  }

  public static String teamSummary(String business, String caller, Instant missedAt, ZoneId zone, String need,
                                   String address, String urgency) {
    return teamSummary(business, caller, missedAt, zone, need, address, urgency, null);
  }

  /** @param callback when the caller would like a call back, in words; left out when they did not say */
  public static String teamSummary(String business, String caller, Instant missedAt, ZoneId zone, String need,
                                   String address, String urgency, String callback) {
    return business + " lead: " + caller + ", missed call " + when(missedAt, zone) + ". Need: " + orDash(need)
        + ". Address: " + orDash(address) + ". Urgency: " + orDash(urgency) + "."
        + (callback == null || callback.isBlank() ? "" : " Call back: " + shorten(callback, 100) + ".");
  }

  public static String callerSummary(String business, String need, String address, String urgency) {
    return callerSummary(business, need, address, urgency, null);
  }

  /** @param callback when the caller asked to be called back, in words (null: they did not say) */
  public static String callerSummary(String business, String need, String address, String urgency, String callback) {
    return "Thanks! Here's what we have: " + shorten(need, 120) + ", at " + shorten(address, 120) + ", urgency: "
        + shorten(urgency, 40) + "." + (callback == null || callback.isBlank() ? ""
            : " You asked for a call back " + shorten(callback, 100) + ".")
        + " Someone from " + business + " will be in touch shortly.";
  }

  /** What the intake script's first reply adds when the workspace has the intake page on. */
  public static String intakeLinkOffer(String url) {
    return "Or tell us everything in one short form: " + url;
  }

  public static String intakeThanks(String business) {
    return "Thanks, that's everything we need. Someone from " + business + " will be in touch shortly.";
  }

  public static String modelFailureAlert(String business, String caller) {
    return business + ": the AI assistant could not answer " + caller
        + ", so the intake script replied. Please check the conversation.";
  }

  /** What the caller gets instead of a reply that quoted a price, a discount or an arrival time. */
  public static String handOff(String business) {
    return "Thanks! Someone from " + business + " will confirm the details with you shortly.";
  }

  static String when(Instant at, ZoneId zone) {
    return at == null ? "-" : WHEN.format(at.atZone(zone));
  }

  static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : shorten(s, 120);
  }

  static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= max ? t : t.substring(0, max - 3).strip() + "...";
  }
}
