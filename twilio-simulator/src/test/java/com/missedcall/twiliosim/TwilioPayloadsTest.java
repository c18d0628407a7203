package com.missedcall.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioPayloadsTest {

  private static final String ACCOUNT = "AC" + "a".repeat(32);
  private static final String CALLER = "+15557654321";
  private static final String BUSINESS = "+18885550100";

  @Test
  void newSidsHaveTwilioShape() {
    assertThat(TwilioPayloads.newCallSid()).matches("CA[0-9a-f]{32}");
    assertThat(TwilioPayloads.newMessageSid()).matches("SM[0-9a-f]{32}");
    assertThat(TwilioPayloads.newCallSid()).isNotEqualTo(TwilioPayloads.newCallSid());
  }

  @Test
  void anIncomingCallCarriesTheInboundCallParameters() {
    Map<String, String> params = TwilioPayloads.incomingCall(ACCOUNT, "CA1", CALLER, BUSINESS);

    assertThat(params)
        .containsEntry("AccountSid", ACCOUNT).containsEntry("CallSid", "CA1")
        .containsEntry("From", CALLER).containsEntry("To", BUSINESS)
        .containsEntry("CallStatus", "ringing").containsEntry("Direction", "inbound")
        .containsEntry("ApiVersion", "2010-04-01");
  }

  @Test
  void aMissedDialActionHasZeroDurationAndNoBridge() {
    Map<String, String> params = TwilioPayloads.dialAction(ACCOUNT, "CA1", CALLER, BUSINESS, "no-answer");

    assertThat(params)
        .containsEntry("DialCallStatus", "no-answer").containsEntry("DialCallDuration", "0")
        .containsEntry("DialBridged", "false").containsEntry("CallStatus", "in-progress");
    assertThat(params.get("DialCallSid")).matches("CA[0-9a-f]{32}");
  }

  @Test
  void aCallStatusCallbackCarriesItsSequenceNumber() {
    Map<String, String> params = TwilioPayloads.callStatus(ACCOUNT, "CA1", CALLER, BUSINESS, "no-answer", 2);

    assertThat(params)
        .containsEntry("CallStatus", "no-answer").containsEntry("SequenceNumber", "2")
        .containsEntry("CallbackSource", "call-progress-events").containsEntry("CallDuration", "0");
    assertThat(params.get("Timestamp")).endsWith("+0000");
  }

  @Test
  void anInboundSmsRepeatsItsSidUnderTheLegacyNames() {
    Map<String, String> params = TwilioPayloads.inboundSms(ACCOUNT, "SM1", CALLER, BUSINESS, "STOP");

    assertThat(params)
        .containsEntry("MessageSid", "SM1").containsEntry("SmsSid", "SM1").containsEntry("SmsMessageSid", "SM1")
        .containsEntry("Body", "STOP").containsEntry("NumMedia", "0").containsEntry("NumSegments", "1")
        .containsEntry("SmsStatus", "received");
  }

  @Test
  void aMessageStatusCarriesTheErrorCodeOnlyWhenGiven() {
    assertThat(TwilioPayloads.messageStatus(ACCOUNT, "SM1", BUSINESS, CALLER, "delivered", null))
        .containsEntry("MessageStatus", "delivered").containsEntry("SmsStatus", "delivered")
        .doesNotContainKey("ErrorCode");
    assertThat(TwilioPayloads.messageStatus(ACCOUNT, "SM1", BUSINESS, CALLER, "undelivered", 30006))
        .containsEntry("ErrorCode", "30006");
  }
}
