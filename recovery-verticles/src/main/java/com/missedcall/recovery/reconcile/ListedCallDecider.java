package com.missedcall.recovery.reconcile;

import com.missedcall.recovery.calls.CallEvent;
import com.missedcall.recovery.calls.CallOutcome;
import com.missedcall.recovery.calls.Decision;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;

/**
 * Decides a call the reconciler found at Twilio but no webhook recorded: {@code RecoveryService::decide}, or in
 * front of it voice recovery, which decides the calls it answered itself (a missed final status callback must not
 * turn a call recovered by voice into a text-back).
 */
@FunctionalInterface
public interface ListedCallDecider {
  Future<Decision> decide(TrackedLine line, CallEvent event, CallOutcome outcome);
}
