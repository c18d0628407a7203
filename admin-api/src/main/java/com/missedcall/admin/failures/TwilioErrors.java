package com.missedcall.admin.failures;

import java.util.Map;

/**
 * Twilio's SMS error codes a business meets, each with what it means and what to do, in plain words. Twilio's
 * full list is longer; a code not here is shown with its number and a pointer to Twilio's error page.
 */
public final class TwilioErrors {
  /** What went wrong and what to do about it. {@code yours} is true when the fix is on the business's side. */
  public record Remedy(int code, String meaning, String remedy, boolean yours) {}

  private static final Map<Integer, Remedy> KNOWN = Map.ofEntries(
      entry(20003, "Twilio refused the account's credentials", "The auth token saved for this Twilio account is wrong "
          + "or was rotated: save the current one under Settings › Numbers", true),
      entry(20429, "Twilio asked us to slow down", "Nothing to do: the text is retried automatically", false),
      entry(21211, "The caller's number is not a valid phone number", "Nothing to fix: there is nobody to text at "
          + "that number; call them back if you can", false),
      entry(21408, "Texting that country is not enabled on the Twilio account", "Enable the country under Messaging › "
          + "Settings › Geo permissions in the Twilio console", true),
      entry(21606, "This Twilio number cannot send texts", "Enable messaging on the number in the Twilio console, or "
          + "use a number that can text", true),
      entry(21608, "The Twilio account is a trial and can only text verified numbers", "Upgrade the Twilio account, "
          + "or verify the number in the console for a test", true),
      entry(21610, "The caller opted out (replied STOP)", "Nothing to do: they are no longer texted; they can reply "
          + "START to opt back in", false),
      entry(21612, "The caller's number cannot be reached by text from this number", "Call the caller back instead",
          false),
      entry(21614, "The caller's number is not a mobile number (a landline)", "Call the caller back instead", false),
      entry(21617, "The text is longer than 1,600 characters", "Shorten the text-back or reply template", true),
      entry(21659, "This number is not a valid sender for the caller's country", "Check the number's messaging "
          + "capabilities in the Twilio console", true),
      entry(30001, "Too many texts were queued at Twilio at once", "Nothing to do now: it clears by itself; if it "
          + "keeps happening, ask Twilio for a higher sending rate", false),
      entry(30002, "The Twilio account is suspended", "Check the Twilio account's billing and status, or contact "
          + "Twilio support", true),
      entry(30003, "The caller's phone was off or out of coverage", "Nothing to fix: call them back if it matters", false),
      entry(30004, "The text was blocked (the caller or their carrier blocks texts from this number)",
          "Call the caller back instead", false),
      entry(30005, "The caller's number does not exist or is no longer in service", "Nothing to fix: the number is "
          + "gone", false),
      entry(30006, "The caller's number is a landline or its carrier cannot receive texts", "Call the caller back "
          + "instead", false),
      entry(30007, "Carriers filtered the text as spam", "Review the text-back wording (links, capitals, money "
          + "words) and register the number for A2P 10DLC; texting callers is paused until it is resumed", true),
      entry(30008, "The carrier refused the text without saying why", "Usually passing: if it happens to many "
          + "callers, contact Twilio support with the message SID", false),
      entry(30010, "The text would cost more than the account's maximum price", "Raise the maximum price for the "
          + "Twilio account, or leave it", true),
      entry(30019, "The text is too long for the caller's carrier", "Shorten the template", true),
      entry(30022, "The number's A2P 10DLC sending rate was exceeded", "Ask Twilio for a higher throughput tier, "
          + "or send fewer texts at once", true),
      entry(30023, "The number's A2P 10DLC daily limit was reached", "Wait for tomorrow, or register a brand with "
          + "a higher daily limit", true),
      entry(30032, "The toll-free number is not verified for texting", "Complete toll-free verification in the "
          + "Twilio console", true),
      entry(30034, "Carriers block texts from numbers not registered for A2P 10DLC", "Register the brand and "
          + "campaign for this number in the Twilio console; texting callers is paused until it is resumed", true));

  private TwilioErrors() {}

  private static Map.Entry<Integer, Remedy> entry(int code, String meaning, String remedy, boolean yours) {
    return Map.entry(code, new Remedy(code, meaning, remedy, yours));
  }

  /** The remedy for {@code code}; null code (a failure Twilio gave no code for) has one too. */
  public static Remedy of(Integer code) {
    if (code == null) {
      return new Remedy(0, "The text could not be sent (no Twilio error code)",
          "See the last error; the sender retried it before giving up", false);
    }
    Remedy known = KNOWN.get(code);
    return known != null ? known : new Remedy(code, "Twilio error " + code,
        "Look the code up on Twilio's error reference (twilio.com/docs/api/errors/" + code + ")", false);
  }

  static java.util.Set<Integer> known() {
    return KNOWN.keySet();
  }
}
