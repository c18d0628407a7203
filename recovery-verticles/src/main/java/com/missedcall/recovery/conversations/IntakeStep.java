package com.missedcall.recovery.conversations;

import java.util.Locale;

/**
 * The intake question asked last: the caller's next message answers it. CALLBACK (when to call back) is asked by
 * the intake script after the urgency, unless it is an emergency; it is never missing for {@link #firstMissing}.
 */
public enum IntakeStep {
  NEED, ADDRESS, URGENCY, CALLBACK, DONE;

  public static IntakeStep of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The first of need, address, urgency still unknown, or DONE. */
  public static IntakeStep firstMissing(String need, String address, String urgency) {
    if (blank(need)) {
      return NEED;
    }
    if (blank(address)) {
      return ADDRESS;
    }
    if (blank(urgency)) {
      return URGENCY;
    }
    return DONE;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
