package com.missedcall.recovery.calls;

/**
 * The recovery decision for one call event.
 *
 * @param texted  true when a text-back job was queued
 * @param callId  the call row (null when nothing was written)
 * @param leadId  the caller's lead (null for anonymous callers or when nothing was written)
 * @param jobId   the text-back job, when texted
 */
public record Decision(boolean texted, DecisionReason reason, Long callId, Long leadId, Long jobId) {

  public static Decision notRecorded(DecisionReason reason) {
    return new Decision(false, reason, null, null, null);
  }
}
