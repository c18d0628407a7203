package com.missedcall.recovery.intake;

import java.util.List;

/**
 * An intake link as its page needs it: whose it is (workspace, lead, conversation), how the page looks (the
 * business's name and colour, the fields it asks), and its state (expired, already submitted with which nonce).
 */
public record IntakeLink(long id, long workspaceId, long leadId, long conversationId, boolean expired,
                         String submittedNonce, String businessName, String brandColor, List<IntakeField> fields) {
  public boolean submitted() {
    return submittedNonce != null;
  }
}
