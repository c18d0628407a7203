package com.missedcall.recovery.workspace;

/** How calls reach a tracked number. */
public enum RoutingMode {
  /** The business's carrier forwards unanswered calls to the tracked number: the forwarded call is the miss. */
  FORWARDING,
  /** Callers dial the tracked number; the gateway dials the business phone and learns the outcome. */
  DIRECT;

  public static RoutingMode of(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
