package com.missedcall.recovery.sms;

import com.missedcall.recovery.calls.DecisionReason;
import java.util.Set;

/**
 * What a Twilio error code on an outbound text says, whether it came back on the create request or on the
 * delivery status callback (Twilio reports most carrier outcomes only on the callback), and the reason a
 * text-back it suppressed gives its call.
 */
public enum CarrierVerdict {
  /** The recipient unsubscribed (21610): no later text may go to them from this workspace. */
  RECIPIENT_OPTED_OUT(DecisionReason.CALLER_OPTED_OUT),
  /** The number cannot receive SMS (landline, unknown or unreachable handset): remembered for every workspace. */
  RECIPIENT_UNREACHABLE(DecisionReason.CALLER_CANNOT_RECEIVE_SMS),
  /** Carriers refuse the workspace's texts as a sender (filtering, unregistered 10DLC): its sending is paused. */
  SENDER_BLOCKED(DecisionReason.SENDING_PAUSED),
  /** Nothing to remember beyond the message's own status. */
  NONE(null);

  private static final Set<Integer> OPTED_OUT = Set.of(21610);
  private static final Set<Integer> UNREACHABLE = Set.of(21614, 21408, 21612, 30003, 30005, 30006);
  private static final Set<Integer> BLOCKED = Set.of(30007, 30034);

  private final DecisionReason suppressedReason;

  CarrierVerdict(DecisionReason suppressedReason) {
    this.suppressedReason = suppressedReason;
  }

  public static CarrierVerdict of(Integer code) {
    if (code == null) {
      return NONE;
    }
    if (OPTED_OUT.contains(code)) {
      return RECIPIENT_OPTED_OUT;
    }
    if (UNREACHABLE.contains(code)) {
      return RECIPIENT_UNREACHABLE;
    }
    return BLOCKED.contains(code) ? SENDER_BLOCKED : NONE;
  }

  /** The reason recorded on the call of a text-back this outcome kept from its caller. */
  public DecisionReason suppressedReason() {
    return suppressedReason;
  }
}
