package com.missedcall.recovery.calls;

import com.missedcall.recovery.copy.CallerFacts;
import com.missedcall.recovery.copy.CallerHistory;
import com.missedcall.recovery.copy.CopySlot;
import com.missedcall.recovery.copy.TextBackCopy;
import com.missedcall.recovery.sms.TextBack;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;

/**
 * Writes the text-back of a missed call before the decision: the workspace's copy for the moment the call came
 * in (its business hours) and for who is calling (first-time or returning, looked up only when the copy depends
 * on it), with every variable filled in.
 */
public final class TextBackWriter {
  /** The text, the template slot that wrote it and the slot the call asked for. */
  public record Written(TextBack text, CopySlot slot, CopySlot wanted) {}

  private final CallerHistory history;

  /** @param history where returning callers are looked up (null: every caller is first-time) */
  public TextBackWriter(CallerHistory history) {
    this.history = history;
  }

  /** What the copy needs to know of the caller; started before the fast path answers, so the two overlap. */
  public Future<CallerFacts> caller(TrackedLine line, CallEvent event) {
    if (history == null || event.from() == null || !line.copy().dependsOnCaller()) {
      return Future.succeededFuture(CallerFacts.FIRST_TIME);
    }
    return history.lookUp(line.workspaceId(), event.from());
  }

  public Written write(TrackedLine line, CallEvent event, CallerFacts caller) {
    TextBackCopy.Chosen chosen = line.copy().choose(event.receivedAt(), caller, line.businessName(),
        line.optOutFooter());
    return new Written(chosen.text(), chosen.slot(), chosen.wanted());
  }
}
