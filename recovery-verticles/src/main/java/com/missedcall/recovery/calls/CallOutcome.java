package com.missedcall.recovery.calls;

/** What a call event means for recovery, before any business rule is applied. */
public enum CallOutcome {
  /** The call reached us but its outcome is not known yet: record it, decide later. */
  PENDING,
  /** A final missed state from a caller we can text. */
  MISSED,
  /** A final missed state, but the caller is anonymous or not a textable number. */
  MISSED_ANONYMOUS,
  /** The business answered. */
  ANSWERED,
  /** Nothing to record: a progress callback (ringing, in-progress), a child leg, or an event another route decides. */
  IGNORED
}
