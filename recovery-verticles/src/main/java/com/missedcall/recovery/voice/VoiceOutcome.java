package com.missedcall.recovery.voice;

import java.util.Arrays;
import java.util.Locale;

/**
 * How voice recovery ended on a call: recovered, or why it fell back. Stored as the code on the call
 * ({@code calls.voice_outcome}) so "why did this caller still get a text?" is answered from the call itself.
 */
public enum VoiceOutcome {
  VOICE_RECOVERED("Voice recovery captured the caller's request; no text-back needed"),
  VOICE_NO_SPEECH("The caller did not speak to the voice assistant"),
  VOICE_CALLER_HUNG_UP("The caller hung up before voice recovery finished"),
  VOICE_AI_FAILED("The voice assistant failed during the call"),
  VOICE_NOT_VERIFIED("Voice recovery is off until the number's phone setup is verified"),
  VOICE_NOT_IN_PLAN("The plan does not include voice recovery"),
  VOICE_DISABLED("Voice recovery is switched off for this gateway");

  private final String words;

  VoiceOutcome(String words) {
    this.words = words;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String words() {
    return words;
  }

  public boolean recovered() {
    return this == VOICE_RECOVERED;
  }

  public static VoiceOutcome ofCode(String code) {
    return Arrays.stream(values()).filter(o -> o.code().equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown voice outcome " + code));
  }
}
