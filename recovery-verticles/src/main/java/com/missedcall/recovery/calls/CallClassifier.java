package com.missedcall.recovery.calls;

import com.missedcall.recovery.workspace.RoutingMode;
import java.util.Set;

/**
 * Decides what a voice webhook means. Only a final missed state recovers:
 * in direct mode the {@code <Dial>} action's {@code DialCallStatus}; in forwarding mode the forwarded
 * call's final status callback. Progress callbacks wait; calls the business answered never recover.
 */
public final class CallClassifier {
  static final Set<String> MISSED_DIAL = Set.of("no-answer", "busy", "failed", "canceled");
  static final Set<String> ANSWERED_DIAL = Set.of("completed", "answered");
  static final Set<String> FINAL_CALL = Set.of("completed", "busy", "no-answer", "failed", "canceled");
  // the inbound leg itself ended unanswered: our TwiML never ran or the call was rejected
  static final Set<String> UNANSWERED_CALL = Set.of("busy", "no-answer", "failed", "canceled");

  private CallClassifier() {}

  public static CallOutcome classify(CallEvent event, RoutingMode mode) {
    CallOutcome outcome = switch (event.route()) {
      case INCOMING -> CallOutcome.PENDING;
      case DIAL_ACTION -> dialAction(event, mode);
      case STATUS -> statusCallback(event, mode);
    };
    if (outcome == CallOutcome.MISSED && !CallerNumber.isTextable(event.from())) {
      return CallOutcome.MISSED_ANONYMOUS;
    }
    return outcome;
  }

  /**
   * Whether the event means nothing in either routing mode: a child leg's callback, a progress callback
   * (initiated, ringing, in-progress), a {@code <Dial>} action without a status. Such webhooks, the bulk of
   * what Twilio sends, are answered without looking the number up (a child leg's {@code To} is the
   * business phone, which no workspace tracks).
   */
  public static boolean ignoredInEveryMode(CallEvent event) {
    return switch (event.route()) {
      case INCOMING -> false;
      case DIAL_ACTION -> event.dialCallStatus() == null;
      case STATUS -> event.parentCallSid() != null || event.callStatus() == null
          || !FINAL_CALL.contains(event.callStatus());
    };
  }

  private static CallOutcome dialAction(CallEvent event, RoutingMode mode) {
    String status = event.dialCallStatus();
    if (mode != RoutingMode.DIRECT || status == null) {
      return CallOutcome.IGNORED;
    }
    if (MISSED_DIAL.contains(status)) {
      return CallOutcome.MISSED;
    }
    return ANSWERED_DIAL.contains(status) ? CallOutcome.ANSWERED : CallOutcome.IGNORED;
  }

  private static CallOutcome statusCallback(CallEvent event, RoutingMode mode) {
    String status = event.callStatus();
    if (event.parentCallSid() != null || status == null) {
      return CallOutcome.IGNORED; // a child leg (the dialled business phone) or nothing to go on
    }
    if (mode == RoutingMode.FORWARDING) {
      return FINAL_CALL.contains(status) ? CallOutcome.MISSED : CallOutcome.IGNORED;
    }
    // direct mode: the dial action decides; only an inbound leg that itself went unanswered is a miss
    return UNANSWERED_CALL.contains(status) ? CallOutcome.MISSED : CallOutcome.IGNORED;
  }
}
