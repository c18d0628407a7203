package com.missedcall.recovery.conversations;

import java.time.Instant;

/**
 * One conversation as the workers see it, read in one query: whose it is (workspace, lead, the line between the
 * business and the caller), where it stands ({@link State}), its workspace's profile, what the lead told us so far
 * ({@link LeadFacts}), and whether the caller opted out. {@code dbNow} is the database's clock. The accessors below
 * the components read the state and the facts through.
 */
public record ConversationContext(long id, long workspaceId, long leadId, String accountSid, String businessNumber,
                                  String caller, State state, WorkspaceProfile workspace, LeadFacts lead,
                                  boolean optedOut, Instant dbNow) {

  /** Where the conversation stands: open, who answers (AI, staff), how far the intake went, when it last moved. */
  public record State(boolean open, boolean aiEnabled, int aiTurns, boolean staffTakeover, boolean modelFailureAlerted,
                      boolean teamSummarySent, IntakeStep intakeStep, Instant lastInboundAt, Instant lastOutboundAt,
                      Instant lastActivityAt) {}

  /** What the lead told us so far (null: not yet), and when the caller last called. */
  public record LeadFacts(String need, String address, String urgency, Instant lastCallAt) {}

  /** The caller wrote to us at least once in this conversation. */
  public boolean callerReplied() {
    return state.lastInboundAt() != null;
  }

  public boolean open() {
    return state.open();
  }

  public boolean aiEnabled() {
    return state.aiEnabled();
  }

  public int aiTurns() {
    return state.aiTurns();
  }

  public boolean staffTakeover() {
    return state.staffTakeover();
  }

  public boolean modelFailureAlerted() {
    return state.modelFailureAlerted();
  }

  public boolean teamSummarySent() {
    return state.teamSummarySent();
  }

  public IntakeStep intakeStep() {
    return state.intakeStep();
  }

  public Instant lastInboundAt() {
    return state.lastInboundAt();
  }

  public Instant lastOutboundAt() {
    return state.lastOutboundAt();
  }

  public Instant lastActivityAt() {
    return state.lastActivityAt();
  }

  public String need() {
    return lead.need();
  }

  public String address() {
    return lead.address();
  }

  public String urgency() {
    return lead.urgency();
  }

  public Instant lastCallAt() {
    return lead.lastCallAt();
  }
}
