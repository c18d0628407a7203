package com.missedcall.recovery.db;

import java.util.Locale;

/**
 * What a piece of database work is for, in the order the {@link DatabaseBudget} serves it. Each class may
 * hold at most its share of the budget's limit, so a flood of lower work always leaves room for the work
 * above it, and a waiting request of a higher class is always served before one of a lower class.
 */
public enum WorkPriority {
  /** Missed-call decisions, inbound texts and what they need first (number look-ups, counter seeds). */
  DECISION(1.0),
  /** The sender: claiming text-backs and recording what Twilio accepted (texts already owed go out first). */
  SEND(1.0),
  /** Twilio's message status callbacks: batched, and never allowed to starve the sender. */
  CALLBACK(0.5),
  /** Sweeps, scheduled conversation jobs, the AI replier, the reconciler: whatever can wait a little. */
  BACKGROUND(0.25);

  private final double share;

  WorkPriority(double share) {
    this.share = share;
  }

  /** At most this many permits of {@code limit} for the class (at least one, so nothing starves outright). */
  int cap(int limit) {
    return Math.max(1, (int) Math.floor(limit * share));
  }

  /** The label of the metrics ({@code decision}, {@code send}, ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
