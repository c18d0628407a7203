package com.missedcall.recovery.voice;

import java.util.Locale;

/** What runs when voice recovery cannot complete: the text-back (default), a voicemail, or nothing. */
public enum VoiceFallback {
  TEXTBACK, VOICEMAIL, NONE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VoiceFallback of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
