package com.missedcall.twiliosim;

import java.time.Instant;

/**
 * A call as Twilio's Calls resource knows it. {@code direction}: {@code inbound} for a caller's call to one
 * of the account's numbers, {@code outbound-dial} for the leg a {@code <Dial>} spawned (its
 * {@code parentCallSid} names the inbound call). {@code endTime} is null while the call is live.
 */
public record CallRecord(String sid, String accountSid, String parentCallSid, String from, String to,
                         String direction, String status, Instant startTime, Instant endTime, int durationSeconds) {

  /** A caller's call to {@code to}, started {@code secondsAgo} ago and ended now with {@code status}. */
  public static CallRecord inbound(String accountSid, String from, String to, String status, int durationSeconds,
                                   Instant startTime) {
    return new CallRecord(Sids.newSid("CA"), accountSid, null, from, to, "inbound", status, startTime,
        startTime.plusSeconds(Math.max(0, durationSeconds)), durationSeconds);
  }

  /** The leg {@code parent}'s {@code <Dial>} placed to {@code businessPhone}, ended with {@code status}. */
  public static CallRecord dialLeg(CallRecord parent, String businessPhone, String status, int durationSeconds) {
    return new CallRecord(Sids.newSid("CA"), parent.accountSid(), parent.sid(), parent.to(), businessPhone,
        "outbound-dial", status, parent.startTime().plusSeconds(1),
        parent.startTime().plusSeconds(1L + Math.max(0, durationSeconds)), durationSeconds);
  }

  /** The same call, still live ({@code ringing}, {@code in-progress}): no end time yet. */
  public CallRecord live(String liveStatus) {
    return new CallRecord(sid, accountSid, parentCallSid, from, to, direction, liveStatus, startTime, null, 0);
  }
}
