package com.missedcall.recovery.sms;

import java.util.List;

/**
 * The texts a workspace stops sending while carriers block it (its sending is paused): the ones it starts on
 * its own towards callers. A reply to a caller who texted in (AI or intake reply, HELP answer, the opt-out
 * confirmation, a staff member's manual message) still goes, as do texts to the business's own team (alerts,
 * summaries, on-call), which is how the team hears of the pause.
 */
public final class PausedKinds {
  public static final List<String> KINDS = List.of("textback", "followup", "caller_summary");
  /** {@link #KINDS} as an SQL list. */
  static final String SQL_LIST = "'textback', 'followup', 'caller_summary'";

  private PausedKinds() {}
}
