package com.missedcall.recovery.ai;

import com.missedcall.recovery.conversations.ConversationContext;
import com.missedcall.recovery.conversations.ThreadStore;
import com.missedcall.recovery.conversations.WorkspaceProfile;
import java.util.Optional;

/**
 * The guard chain in front of every automated answer, first failing guard wins. It runs twice: before
 * the model is asked (no cost for a conversation that must stay quiet), and again under the
 * conversation's row lock just before the reply is queued (staff may have taken over, the caller may
 * have opted out, while the model was thinking). The daily SMS cap is checked, and counted, at that point.
 */
public final class AiGuards {
  private AiGuards() {}

  public static Optional<SkipReason> before(boolean aiOnGlobally, ConversationContext ctx,
                                            ThreadStore.Inbound message) {
    Optional<SkipReason> state = state(aiOnGlobally, ctx);
    if (state.isPresent()) {
      return state;
    }
    if (message.createdAt().plus(ctx.workspace().channels().staleAfter()).isBefore(ctx.dbNow())) {
      return Optional.of(SkipReason.CONVERSATION_STALE);
    }
    if (message.newer()) {
      return Optional.of(SkipReason.SUPERSEDED_BY_NEWER_MESSAGE);
    }
    return Optional.empty();
  }

  /** The guards that depend only on the conversation's and workspace's state. */
  public static Optional<SkipReason> state(boolean aiOnGlobally, ConversationContext ctx) {
    WorkspaceProfile ws = ctx.workspace();
    if (!ctx.open()) {
      return Optional.of(SkipReason.CONVERSATION_CLOSED);
    }
    if (ctx.optedOut()) {
      return Optional.of(SkipReason.CALLER_OPTED_OUT);
    }
    if (!aiOnGlobally) {
      return Optional.of(SkipReason.AI_DISABLED_GLOBALLY);
    }
    if (!ws.ai().planAllows()) {
      return Optional.of(SkipReason.PLAN_LACKS_AI);
    }
    if (!ws.ai().enabled()) {
      return Optional.of(SkipReason.AI_DISABLED_FOR_WORKSPACE);
    }
    if (!ctx.aiEnabled()) {
      return Optional.of(SkipReason.AI_DISABLED_FOR_CONVERSATION);
    }
    if (ctx.staffTakeover()) {
      return Optional.of(SkipReason.STAFF_TAKEOVER);
    }
    if (!ws.active()) {
      return Optional.of(SkipReason.WORKSPACE_INACTIVE);
    }
    if (!ws.billingActive()) {
      return Optional.of(SkipReason.BILLING_INACTIVE);
    }
    if (ctx.aiTurns() >= ws.ai().turnLimit()) {
      return Optional.of(SkipReason.AI_TURN_LIMIT_REACHED);
    }
    return Optional.empty();
  }
}
