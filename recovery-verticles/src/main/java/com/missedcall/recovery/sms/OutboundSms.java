package com.missedcall.recovery.sms;

/**
 * A text to queue in the outbox. The sender treats it exactly like a text-back: opt-out checked when it
 * is claimed, lookup at Twilio before any resend whose outcome is unknown, retries with back-off.
 *
 * @param leadId         the lead it concerns (null for a HELP answer to an unknown number)
 * @param conversationId the conversation it belongs to, or null
 * @param kind           'ai_reply', 'intake', 'caller_summary', 'followup', 'help', 'optout_confirm', 'manual' (to the caller),
 *                       'alert', 'team_summary', 'oncall', 'model_alert' (to the team)
 * @param quietHours     it waits while it is night where the recipient is (21:00-08:00 local)
 */
public record OutboundSms(long workspaceId, Long leadId, Long conversationId, String accountSid, String from,
                          String to, String kind, String body, boolean quietHours) {

  public OutboundSms {
    body = SmsSegments.toGsmFriendly(body);
  }
}
