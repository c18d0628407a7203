package com.missedcall.recovery.calls;

import com.missedcall.recovery.workspace.RoutingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the final webhook of a call would have said, read from Twilio's Calls resource instead: the
 * reconciler's side of {@link CallClassifier}, with the same status sets.
 * <ul>
 *   <li>forwarding mode: any final status of the inbound call is the miss (as its final status callback);</li>
 *   <li>direct mode: an inbound call that itself ended busy / no-answer / failed / canceled is a miss (as its
 *       status callback); a completed one is decided by the leg our {@code <Dial>} placed, as the dial action
 *       is: a leg that ended {@code completed} means the business answered (never texted, whatever its
 *       duration); a leg that ended no-answer / busy / failed / canceled is a miss; a leg still live waits.
 *       A completed inbound call with no leg at all is a miss: the business phone was never dialled (the
 *       incoming webhook was lost), so nobody can have answered it.</li>
 * </ul>
 * A call still live, or any other leg or direction, is not classified (empty): a later pass sees it again.
 */
public final class ListedCallClassifier {

  private ListedCallClassifier() {}

  /** A classified call: the event to decide, as its final webhook would have carried it, and its outcome. */
  public record Classified(CallEvent event, CallOutcome outcome) {}

  /**
   * @param legs the calls whose parent is {@code call} (only looked at in direct mode, for a completed call)
   */
  public static Optional<Classified> classify(ListedCall call, List<ListedCall> legs, RoutingMode mode, Instant now,
                                              long nowNanos) {
    if (!call.inboundParent() || !call.isFinal()) {
      return Optional.empty();
    }
    if (mode == RoutingMode.FORWARDING || CallClassifier.UNANSWERED_CALL.contains(call.status())) {
      return Optional.of(missed(event(CallRoute.STATUS, call, null, now, nowNanos)));
    }
    if (legs.isEmpty()) {
      return Optional.of(missed(event(CallRoute.STATUS, call, null, now, nowNanos)));
    }
    if (legs.stream().anyMatch(leg -> !leg.isFinal())) {
      return Optional.empty();
    }
    if (legs.stream().anyMatch(leg -> CallClassifier.ANSWERED_DIAL.contains(leg.status()))) {
      return Optional.of(new Classified(event(CallRoute.DIAL_ACTION, call, "completed", now, nowNanos),
          CallOutcome.ANSWERED));
    }
    String dialStatus = legs.get(legs.size() - 1).status();
    return CallClassifier.MISSED_DIAL.contains(dialStatus)
        ? Optional.of(missed(event(CallRoute.DIAL_ACTION, call, dialStatus, now, nowNanos)))
        : Optional.empty();
  }

  private static Classified missed(CallEvent event) {
    return new Classified(event, CallerNumber.isTextable(event.from()) ? CallOutcome.MISSED
        : CallOutcome.MISSED_ANONYMOUS);
  }

  /** The call started when the caller dialled: that instant, not now, is when the call was "received". */
  private static CallEvent event(CallRoute route, ListedCall call, String dialStatus, Instant now, long nowNanos) {
    Instant started = call.startTime() != null && call.startTime().isBefore(now) ? call.startTime() : now;
    long agoNanos = java.time.Duration.between(started, now).toNanos();
    return new CallEvent(route, call.accountSid(), call.sid(), null, call.from(), call.to(), call.status(),
        dialStatus, started, nowNanos - agoNanos);
  }
}
