package com.missedcall.recovery.calls;

import java.time.Instant;

/**
 * A call as Twilio's Calls resource lists it. {@code direction}: {@code inbound} for a caller's call to a
 * tracked number, {@code outbound-dial} for the leg our {@code <Dial>} placed (its {@code parentCallSid} is
 * the inbound call). {@code endTime} is null while the call is live.
 */
public record ListedCall(String sid, String accountSid, String parentCallSid, String from, String to,
                         String direction, String status, Instant startTime, Instant endTime, int durationSeconds) {

  public boolean inboundParent() {
    return "inbound".equals(direction) && parentCallSid == null;
  }

  public boolean isFinal() {
    return status != null && CallClassifier.FINAL_CALL.contains(status);
  }
}
