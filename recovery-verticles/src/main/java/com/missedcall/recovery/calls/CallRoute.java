package com.missedcall.recovery.calls;

/** Which Twilio voice webhook delivered a call event. */
public enum CallRoute {
  /** "A call comes in": the first request for a call. */
  INCOMING,
  /** The {@code <Dial action>} request after the gateway dialled the business phone (direct mode). */
  DIAL_ACTION,
  /** A call status callback. */
  STATUS
}
