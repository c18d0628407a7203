package com.missedcall.recovery.conversations;

import java.util.List;

/**
 * What became of an inbound text, once durable.
 *
 * @param outcome 'duplicate' (this MessageSid was seen before: nothing done), 'unmatched' (no lead: listed
 *                for the dashboard), 'opted_out', 'opted_in', 'help', 'reply' (an answer is queued)
 * @param jobIds  the work queued for it, to wake the workers
 */
public record InboundResult(String outcome, Long messageId, Long leadId, Long conversationId, List<Long> jobIds) {

  public boolean duplicate() {
    return "duplicate".equals(outcome);
  }
}
