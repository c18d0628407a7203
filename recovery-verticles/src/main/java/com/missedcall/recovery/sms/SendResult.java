package com.missedcall.recovery.sms;

/** What happened to one request to Twilio's Messages API. */
public sealed interface SendResult {
  /** Twilio accepted the message. */
  record Accepted(String messageSid, String status) implements SendResult {}

  /** Twilio refused it for good (a 4xx with an error code). */
  record Rejected(int httpStatus, int code, String message) implements SendResult {}

  /** Twilio refused it for now (429 or 5xx): retry later; nothing was sent. */
  record Throttled(int httpStatus, int code, String message) implements SendResult {}

  /** The request never reached Twilio (connection refused): nothing was sent. */
  record NotSent(String cause) implements SendResult {}

  /** The request may have reached Twilio (timeout, reset after sending): check before any retry. */
  record Unknown(String cause) implements SendResult {}
}
