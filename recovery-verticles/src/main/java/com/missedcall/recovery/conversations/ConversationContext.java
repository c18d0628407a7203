package com.missedcall.recovery.conversations;

import java.time.Instant;

/**
 * One conversation as the workers see it, read in one query: its state, its workspace's profile, what
 * the lead told us so far, and whether the caller opted out. {@code dbNow} is the database's clock.
 */
public record ConversationContext(long id, long workspaceId, long leadId, String accountSid, String businessNumber,
                                  String caller, boolean open, boolean aiEnabled, int aiTurns, boolean staffTakeover,
                                  boolean modelFailureAlerted, boolean teamSummarySent, IntakeStep intakeStep,
                                  Instant lastInboundAt, Instant lastOutboundAt, Instant lastActivityAt,
                                  WorkspaceProfile workspace, String need, String address, String urgency,
                                  Instant lastCallAt, boolean optedOut, Instant dbNow) {

  /** The caller wrote to us at least once in this conversation. */
  public boolean callerReplied() {
    return lastInboundAt != null;
  }
}
