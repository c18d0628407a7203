package com.missedcall.recovery.voice;

import java.util.Locale;

/** The voice intake's question asked last: the caller's next words answer it. */
public enum VoiceStep {
  NEED, ADDRESS, URGENCY, CALLBACK, DONE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VoiceStep of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }

  /** The first of need, address, urgency, callback time still unknown, or DONE. */
  public static VoiceStep firstMissing(VoiceFacts facts) {
    if (blank(facts.need())) {
      return NEED;
    }
    if (blank(facts.address())) {
      return ADDRESS;
    }
    if (blank(facts.urgency())) {
      return URGENCY;
    }
    if (blank(facts.callbackTime())) {
      return CALLBACK;
    }
    return DONE;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
