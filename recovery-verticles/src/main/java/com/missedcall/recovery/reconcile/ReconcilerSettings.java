package com.missedcall.recovery.reconcile;

import java.time.Duration;

/**
 * How the reconciler runs: a pass every {@code interval} (each wait jittered by ±20 %, so processes started
 * together drift apart), over what Twilio lists for the last {@code lookback}, leaving alone what ended less
 * than {@code grace} ago (its webhook may still be on its way). {@code lease}: how long an account stays with
 * one process without a renewal.
 */
public record ReconcilerSettings(Duration interval, Duration lookback, Duration grace, Duration lease,
                                 Duration twilioTimeout, int maxPages) {

  /** Pending calls older than this are not looked up any more (Twilio's list would be days deep). */
  static final Duration PENDING_HORIZON = Duration.ofHours(24);
  /** Pending calls looked up one by one per account and pass, at most. */
  static final int PENDING_LIMIT = 100;
}
