package com.missedcall.twiliosim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Webhook parameters as Twilio sends them for the events the gateway handles. Each builder returns
 * a fresh mutable map, so a test can add or drop a parameter (e.g. {@code OptOutType},
 * {@code ParentCallSid}) before posting.
 */
public final class TwilioPayloads {

  public static final String API_VERSION = "2010-04-01";

  private static final Set<String> ENDED_CALL =
      Set.of("completed", "busy", "no-answer", "failed", "canceled");

  private TwilioPayloads() {}

  public static String newCallSid() {
    return Sids.newSid("CA");
  }

  public static String newMessageSid() {
    return Sids.newSid("SM");
  }

  /** "A call comes in" on a Twilio number. */
  public static Map<String, String> incomingCall(String accountSid, String callSid, String from, String to) {
    Map<String, String> params = callBase(accountSid, callSid, from, to);
    params.put("CallStatus", "ringing");
    params.put("Direction", "inbound");
    return params;
  }

  /**
   * The {@code <Dial action>} request after the business's phone rang: {@code dialCallStatus} is
   * {@code completed} when answered, else {@code no-answer}, {@code busy}, {@code failed} or
   * {@code canceled}.
   */
  public static Map<String, String> dialAction(
      String accountSid, String callSid, String from, String to, String dialCallStatus) {
    boolean answered = "completed".equals(dialCallStatus) || "answered".equals(dialCallStatus);
    Map<String, String> params = callBase(accountSid, callSid, from, to);
    params.put("CallStatus", "in-progress");
    params.put("Direction", "inbound");
    params.put("DialCallStatus", dialCallStatus);
    params.put("DialCallSid", newCallSid());
    params.put("DialCallDuration", answered ? "42" : "0");
    params.put("DialBridged", Boolean.toString(answered));
    return params;
  }

  /** A call status callback; {@code sequenceNumber} orders callbacks that may arrive out of order. */
  public static Map<String, String> callStatus(
      String accountSid, String callSid, String from, String to, String callStatus, int sequenceNumber) {
    Map<String, String> params = callBase(accountSid, callSid, from, to);
    params.put("CallStatus", callStatus);
    params.put("Direction", "inbound");
    params.put("CallbackSource", "call-progress-events");
    params.put("SequenceNumber", Integer.toString(sequenceNumber));
    params.put("Timestamp", MessageJson.rfc2822(Instant.now()));
    if (ENDED_CALL.contains(callStatus)) {
      params.put("CallDuration", "0");
    }
    return params;
  }

  /** "A message comes in" on a Twilio number. */
  public static Map<String, String> inboundSms(
      String accountSid, String messageSid, String from, String to, String body) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("ToCountry", "US");
    params.put("SmsMessageSid", messageSid);
    params.put("NumMedia", "0");
    params.put("SmsSid", messageSid);
    params.put("SmsStatus", "received");
    params.put("Body", body);
    params.put("To", to);
    params.put("NumSegments", Integer.toString(SmsSegments.count(body)));
    params.put("MessageSid", messageSid);
    params.put("AccountSid", accountSid);
    params.put("From", from);
    params.put("FromCountry", "US");
    params.put("ApiVersion", API_VERSION);
    return params;
  }

  /** An outbound message status callback; {@code errorCode} is sent only when not null. */
  public static Map<String, String> messageStatus(
      String accountSid, String messageSid, String from, String to, String status, Integer errorCode) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("SmsSid", messageSid);
    params.put("SmsStatus", status);
    params.put("MessageStatus", status);
    params.put("To", to);
    params.put("MessageSid", messageSid);
    params.put("AccountSid", accountSid);
    params.put("From", from);
    params.put("ApiVersion", API_VERSION);
    if (errorCode != null) {
      params.put("ErrorCode", errorCode.toString());
    }
    return params;
  }

  private static Map<String, String> callBase(String accountSid, String callSid, String from, String to) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", accountSid);
    params.put("ApiVersion", API_VERSION);
    params.put("CallSid", callSid);
    params.put("From", from);
    params.put("To", to);
    params.put("Caller", from);
    params.put("Called", to);
    params.put("FromCountry", "US");
    params.put("ToCountry", "US");
    return params;
  }
}
