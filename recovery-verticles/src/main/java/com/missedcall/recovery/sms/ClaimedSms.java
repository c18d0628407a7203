package com.missedcall.recovery.sms;

import com.missedcall.recovery.work.Claim;
import com.missedcall.recovery.work.Fence;
import java.time.Instant;
import java.time.ZoneId;

/**
 * An outbound text claimed by this worker (its message row, which carries its send state): a text-back or any
 * other text (AI reply,
 * alert, follow-up, summary, HELP answer, manual send).
 *
 * @param webhookReceivedAt  when the missed call's webhook arrived (text-backs; null once held for quiet hours,
 *                           so a deliberate wait does not count as latency)
 * @param kind               the message's kind ('textback', 'ai_reply', 'followup', 'alert', ...)
 * @param conversationId     the conversation it belongs to, or null
 * @param respectsQuietHours it must wait while it is night where the recipient is
 * @param workspaceZone      the workspace's time zone (the fallback when the number's zone is unknown)
 * @param optedOut           the recipient opted out of this workspace's texts
 * @param mayHaveBeenSent    an earlier attempt may have reached Twilio: look before sending again
 * @param sendingPaused      carriers blocked the workspace's texts and this one is not a reply nor to the team:
 *                           it must not go (see {@link PausedKinds})
 * @param leaseUntil         when this claim's lease ends (PostgreSQL's clock): another worker may claim it then
 */
public record ClaimedSms(long messageId, long workspaceId, String accountSid, int attempts, Instant createdAt,
                         Instant webhookReceivedAt, String kind, Long conversationId, String from, String to,
                         String body, String messageSid, boolean respectsQuietHours, ZoneId workspaceZone,
                         boolean optedOut, boolean mayHaveBeenSent, boolean sendingPaused, Instant leaseUntil)
    implements Claim {

  @Override
  public Fence fence() {
    return new Fence(messageId, attempts);
  }

  /**
   * A send started now, taking at most {@code allowance}, still ends before the lease does, so whoever claims
   * the job next finds it at Twilio instead of sending it again.
   */
  public boolean sendableWithin(java.time.Duration allowance) {
    return Instant.now().plus(allowance).isBefore(leaseUntil);
  }

  public boolean isTextBack() {
    return "textback".equals(kind);
  }
}
