package com.missedcall.recovery.conversations;

import java.util.Map;

/** A text that came in on a tracked number ("A message comes in" webhook), as Twilio named its parameters. */
public record InboundSms(String accountSid, String messageSid, String from, String to, String body, int segments,
                         String optOutType) {

  public static InboundSms from(Map<String, String> params) {
    String sid = params.get("MessageSid") != null ? params.get("MessageSid") : params.get("SmsMessageSid");
    String body = params.getOrDefault("Body", "");
    int segments;
    try {
      segments = Integer.parseInt(params.getOrDefault("NumSegments", "1"));
    } catch (NumberFormatException e) {
      segments = 1;
    }
    return new InboundSms(params.get("AccountSid"), sid, params.get("From"), params.get("To"), body,
        Math.max(1, segments), params.get("OptOutType"));
  }
}
