package com.missedcall.recovery.bus;

/** Event-bus addresses, in one place. The bus only carries wake-up hints: the work itself is in Postgres. */
public final class Addresses {
  /** Body: the job id (Long) of a text-back job that was just committed. */
  public static final String TEXTBACK_JOB_READY = "recovery.textback.ready";
  /** Body: the phone number (String) whose tracked-number cache entry is stale, or "*" for all. */
  public static final String NUMBERS_CHANGED = "recovery.numbers.changed";

  private Addresses() {}
}
