package com.missedcall.recovery.timer;

import com.missedcall.recovery.work.Claim;
import com.missedcall.recovery.work.Fence;

/**
 * A conversation whose timer this worker holds: fenced by the conversation's id and {@code claims} (the row's
 * claim counter, which only grows), retried by {@code tries} (claims since the timer last settled).
 */
public record DueTimer(long conversationId, long workspaceId, long leadId, int claims, int tries) implements Claim {

  @Override
  public Fence fence() {
    return new Fence(conversationId, claims);
  }

  @Override
  public int tries() {
    return tries;
  }
}
