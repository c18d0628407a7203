package com.missedcall.recovery.calls;

import java.time.Instant;
import java.util.Map;

/**
 * One voice webhook, reduced to what the recovery decision needs.
 *
 * @param receivedAt     when the gateway received the webhook (start of the text-back latency clock)
 * @param receivedNanos  the same instant on the monotonic clock, for latency metrics
 */
public record CallEvent(CallRoute route, String accountSid, String callSid, String parentCallSid, String from,
                        String to, String callStatus, String dialCallStatus, Instant receivedAt,
                        long receivedNanos) {

  /** Builds the event from Twilio's form parameters; absent parameters are null. */
  public static CallEvent from(CallRoute route, Map<String, String> form, Instant receivedAt, long receivedNanos) {
    return new CallEvent(route, form.get("AccountSid"), form.get("CallSid"), form.get("ParentCallSid"),
        form.get("From"), form.get("To"), form.get("CallStatus"), form.get("DialCallStatus"),
        receivedAt, receivedNanos);
  }
}
