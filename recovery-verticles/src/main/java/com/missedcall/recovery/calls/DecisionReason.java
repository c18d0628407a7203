package com.missedcall.recovery.calls;

import java.util.Arrays;
import java.util.Locale;

/** Why a call was or was not texted back: a stable code (stored on the call) and words a business owner understands. */
public enum DecisionReason {
  TEXTED("Texted back"),
  DUPLICATE_WEBHOOK("Twilio sent this call twice; it was already handled"),
  WITHIN_DUPLICATE_WINDOW("Caller was already texted recently"),
  UNKNOWN_NUMBER("The called number is not set up in any workspace"),
  WORKSPACE_INACTIVE("The workspace is inactive"),
  BILLING_INACTIVE("Billing is not active"),
  PLAN_LACKS_TEXTBACK("The plan does not include text-back"),
  DAILY_SMS_CAP_REACHED("Daily SMS cap reached"),
  MONTHLY_LEAD_CAP_REACHED("Monthly lead cap reached"),
  NOT_FINAL("Call still in progress"),
  ANSWERED("The business answered the call"),
  ANONYMOUS_CALLER("Caller's number was hidden or cannot receive texts"),
  CALLER_OPTED_OUT("Caller opted out of texts"),
  CALLER_CANNOT_RECEIVE_SMS("Caller's number cannot receive SMS"),
  SENDING_PAUSED("Texting is paused: carriers blocked this workspace's texts"),
  // voice recovery decided the call (VoiceOutcome): recovered by voice, or fell back to a voicemail or nothing
  VOICE_RECOVERED("Voice recovery captured the caller's request; no text-back needed"),
  VOICE_NO_SPEECH("The caller did not speak to the voice assistant"),
  VOICE_CALLER_HUNG_UP("The caller hung up before voice recovery finished"),
  VOICE_AI_FAILED("The voice assistant failed during the call"),
  VOICE_NOT_VERIFIED("Voice recovery is off until the number's phone setup is verified"),
  VOICE_NOT_IN_PLAN("The plan does not include voice recovery"),
  VOICE_DISABLED("Voice recovery is switched off for this gateway"),
  // a text-back waiting out the workspace's send delay was cancelled as redundant (textback_cancel, V55)
  CANCELLED_ANSWERED_CALL("Text-back cancelled: the caller called again and the business answered"),
  CANCELLED_CALLER_TEXTED("Text-back cancelled: the caller texted first"),
  CANCELLED_STAFF_MESSAGE("Text-back cancelled: staff texted the caller"),
  CANCELLED_LEAD_HANDLED("Text-back cancelled: staff marked the lead handled");

  private final String words;

  DecisionReason(String words) {
    this.words = words;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String words() {
    return words;
  }

  public static DecisionReason ofCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown decision reason " + code));
  }
}
