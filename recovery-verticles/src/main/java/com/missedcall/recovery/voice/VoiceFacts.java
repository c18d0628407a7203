package com.missedcall.recovery.voice;

/** What the caller told voice recovery so far (null: not yet). */
public record VoiceFacts(String need, String address, String urgency, String callbackTime) {

  /** These facts, each completed by {@code newer}'s where newer has one. */
  public VoiceFacts with(VoiceFacts newer) {
    return new VoiceFacts(or(newer.need(), need), or(newer.address(), address), or(newer.urgency(), urgency),
        or(newer.callbackTime(), callbackTime));
  }

  public boolean emergency() {
    return "emergency".equals(urgency);
  }

  private static String or(String a, String b) {
    return a == null || a.isBlank() ? b : a;
  }
}
