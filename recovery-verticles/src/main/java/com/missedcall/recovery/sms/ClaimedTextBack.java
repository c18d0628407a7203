package com.missedcall.recovery.sms;

import java.time.Instant;

/**
 * A text-back job claimed by this worker, with its message.
 *
 * @param mayHaveBeenSent an earlier attempt may have reached Twilio: look before sending again
 */
public record ClaimedTextBack(long jobId, long workspaceId, String accountSid, int attempts, Instant createdAt,
                              Instant webhookReceivedAt, String from, String to, String body, String messageSid,
                              boolean optedOut, boolean mayHaveBeenSent) {
}
