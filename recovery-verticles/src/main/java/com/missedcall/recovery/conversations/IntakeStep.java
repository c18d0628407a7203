package com.missedcall.recovery.conversations;

import java.util.Locale;

/** The intake question asked last: the caller's next message answers it. */
public enum IntakeStep {
  NEED, ADDRESS, URGENCY, DONE;

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
