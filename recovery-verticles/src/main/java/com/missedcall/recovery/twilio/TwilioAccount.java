package com.missedcall.recovery.twilio;

/** A Twilio account we hold credentials for. {@code previousAuthToken} is non-null during a rotation. */
public record TwilioAccount(String accountSid, String authToken, String previousAuthToken) {

  @Override
  public String toString() {
    return "TwilioAccount[" + accountSid + "]";
  }
}
