package com.missedcall.recovery.timer;

import java.time.Instant;

/**
 * What a conversation's timer holds: the follow-up ladder's next step with when it is due and since when the
 * caller has been silent for it, and when the auto-close looks at the conversation. Null fields: not set.
 */
public record TimerState(Step followUpStep, Instant followUpDueAt, Instant followUpSince, Instant closeDueAt) {

  /** The steps of the follow-up ladder. */
  public enum Step {
    /** one follow-up text to the silent caller */
    FOLLOWUP("followup"),
    /** then the on-call number is asked to call back */
    ONCALL("oncall");

    private final String code;

    Step(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Step of(String code) {
      if (code == null) {
        return null;
      }
      for (Step s : values()) {
        if (s.code.equals(code)) {
          return s;
        }
      }
      throw new IllegalArgumentException("not a follow-up step: " + code);
    }
  }

  public TimerState {
    if ((followUpStep == null) != (followUpDueAt == null)) {
      throw new IllegalArgumentException("a follow-up step needs a due time, and a due time a step");
    }
  }

  public static TimerState none() {
    return new TimerState(null, null, null, null);
  }

  public boolean followUpDue(Instant now) {
    return followUpDueAt != null && !followUpDueAt.isAfter(now);
  }

  public boolean closeDue(Instant now) {
    return closeDueAt != null && !closeDueAt.isAfter(now);
  }

  /** {@code step} due at {@code dueAt}, the caller silent since {@code since}. */
  public TimerState followUp(Step step, Instant dueAt, Instant since) {
    return new TimerState(step, dueAt, since, closeDueAt);
  }

  /** The same step, later (it keeps counting the caller's silence from the same moment). */
  public TimerState followUpLater(Instant dueAt) {
    return new TimerState(followUpStep, dueAt, followUpSince, closeDueAt);
  }

  public TimerState withoutFollowUp() {
    return new TimerState(null, null, null, closeDueAt);
  }

  public TimerState closeAt(Instant dueAt) {
    return new TimerState(followUpStep, followUpDueAt, followUpSince, dueAt);
  }

  public TimerState withoutClose() {
    return new TimerState(followUpStep, followUpDueAt, followUpSince, null);
  }
}
