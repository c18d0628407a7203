package com.missedcall.recovery.ai;

import java.util.Locale;

/** Why the AI did not answer a caller's text, recorded on the conversation as an {@code ai_skipped} event. */
public enum SkipReason {
  CONVERSATION_CLOSED,
  CALLER_OPTED_OUT,
  AI_DISABLED_GLOBALLY,
  PLAN_LACKS_AI,
  AI_DISABLED_FOR_WORKSPACE,
  AI_DISABLED_FOR_CONVERSATION,
  STAFF_TAKEOVER,
  WORKSPACE_INACTIVE,
  BILLING_INACTIVE,
  CONVERSATION_STALE,
  SUPERSEDED_BY_NEWER_MESSAGE,
  AI_TURN_LIMIT_REACHED,
  DAILY_SMS_CAP_REACHED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
