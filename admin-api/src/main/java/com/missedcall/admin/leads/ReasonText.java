package com.missedcall.admin.leads;

import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.leads.LeadAttention;
import io.vertx.core.json.JsonObject;

/**
 * A call's reason as the dashboard shows it: the stable code, the short words of {@link DecisionReason}
 * and a sentence a business owner understands, with the numbers that applied.
 */
public final class ReasonText {
  /** Reasons a business owner can act on (raise a cap, fix billing, change the plan): leads need attention. */
  public static final String FIXABLE = LeadAttention.FIXABLE_REASONS_SQL;
  /** An emergency lead nobody on the team has handled (alias {@code l} is the lead). */
  public static final String UNHANDLED_EMERGENCY = LeadAttention.UNHANDLED_EMERGENCY;

  private ReasonText() {}

  public static JsonObject of(String code) {
    return new JsonObject().put("code", code).put("label", label(code));
  }

  public static String label(String code) {
    try {
      return DecisionReason.ofCode(code).words();
    } catch (IllegalArgumentException unknown) {
      return "deciding".equals(code) ? "Being decided" : code;
    }
  }

  /** The sentence for one call; {@code ws} holds the workspace's current window and caps. */
  public static String explain(String code, JsonObject ws, String textStatus, Integer textError) {
    return switch (code) {
      case "texted" -> textOutcome(textStatus, textError);
      case "duplicate_webhook" -> "Not texted again: Twilio delivered this call twice and the first delivery was handled.";
      case "within_duplicate_window" -> "Not texted: this caller was already texted within the last "
          + hours(ws.getInteger("duplicate_window_seconds", 86_400)) + " (the duplicate window), so they are not texted twice.";
      case "workspace_inactive" -> "Not texted: the workspace was inactive when the call came in.";
      case "billing_inactive" -> "Not texted: billing was not active (past due or canceled) when the call came in.";
      case "plan_lacks_textback" -> "Not texted: the workspace's plan does not include text-back.";
      case "daily_sms_cap_reached" -> "Not texted: the workspace had already sent its daily cap of texts that day"
          + " (the cap is now " + ws.getInteger("effective_daily_sms_cap") + ").";
      case "monthly_lead_cap_reached" -> "Not texted: the workspace had reached its monthly cap of new leads"
          + " (the cap is now " + ws.getInteger("effective_monthly_lead_cap") + ").";
      case "not_final" -> "Waiting: the call was still ringing or in progress; it is decided when it ends.";
      case "answered" -> "No text needed: the business answered the call.";
      case "anonymous_caller" -> "Not texted: the caller's number was hidden or invalid, so there is nobody to text.";
      case "caller_opted_out" -> "Not texted: this caller opted out of texts from this business (replied STOP).";
      case "caller_cannot_receive_sms" -> "Not texted: the caller's number cannot receive SMS (a landline or an invalid mobile).";
      case "sending_paused" -> "Not texted: texting callers was paused because carriers blocked this business's texts"
          + " (carrier filtering or an unregistered number); it resumes when an operator clears the pause.";
      case "voice_recovered" -> "No text needed: the voice assistant answered the call and took the caller's request.";
      case "voice_no_speech", "voice_caller_hung_up", "voice_ai_failed", "voice_not_verified", "voice_not_in_plan",
           "voice_disabled" -> "Voice recovery did not finish (" + label(code).toLowerCase(java.util.Locale.ROOT)
          + ") and the workspace's voice fallback is a voicemail or nothing, so no text was sent.";
      case "cancelled_answered_call" -> "Not texted: during the send delay the caller called again and the business"
          + " answered, so the text-back was cancelled.";
      case "cancelled_caller_texted" -> "Not texted: during the send delay the caller texted first; the conversation"
          + " goes on from their text.";
      case "cancelled_staff_message" -> "Not texted: during the send delay staff texted the caller themselves.";
      case "cancelled_lead_handled" -> "Not texted: during the send delay staff marked the lead handled.";
      default -> label(code);
    };
  }

  private static String textOutcome(String status, Integer error) {
    if (status == null || "pending".equals(status)) {
      return "Texted back: the text-back is queued and being sent.";
    }
    if ("failed".equals(status) || "undelivered".equals(status)) {
      return "Texted back, but the text was not delivered" + (error == null ? "." : " (Twilio error " + error + ").");
    }
    if ("delivered".equals(status) || "read".equals(status)) {
      return "Texted back: the caller received the text.";
    }
    return "Texted back: Twilio accepted the text (" + status + ").";
  }

  private static String hours(int seconds) {
    if (seconds % 86_400 == 0 && seconds > 0) {
      int days = seconds / 86_400;
      return days == 1 ? "24 hours" : days + " days";
    }
    if (seconds % 3_600 == 0 && seconds > 0) {
      return seconds / 3_600 + " hours";
    }
    return seconds / 60 + " minutes";
  }
}
