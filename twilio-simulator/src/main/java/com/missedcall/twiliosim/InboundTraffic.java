package com.missedcall.twiliosim;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;

/**
 * Plays the callers: records their calls and texts in the simulator (so the Calls and Messages resources list
 * them, as Twilio's do) and announces them to the gateway with the signed webhooks Twilio would send. With
 * {@link TwilioSimulator#dropWebhooks} on, the records are made but no webhook arrives; a webhook answered
 * with an error is not retried (Twilio does not retry an inbound-SMS webhook), so the futures here succeed
 * with the gateway's answer, or with null when nothing was delivered.
 */
public final class InboundTraffic {

  private final SimulatorState state;
  private final WebhookClient webhooks;

  InboundTraffic(SimulatorState state, WebhookClient webhooks) {
    this.state = state;
    this.webhooks = webhooks;
  }

  /** Records (or replaces, by SID) a call in the Calls resource, without any webhook. */
  public CallRecord recordCall(CallRecord call) {
    return state.calls().put(call);
  }

  /** Records a text from {@code from} to the account's number {@code to}, without any webhook; answers its SID. */
  public String recordMessage(String accountSid, String from, String to, String body) {
    String sid = TwilioPayloads.newMessageSid();
    SentMessage message = new SentMessage(sid, accountSid, from, to, body, null, Instant.now(), SmsSegments.count(body));
    state.store().addInbound(new MessageRecord(message, null, 0, true));
    return sid;
  }

  /**
   * A forwarded call that ended at the gateway's number (forwarding mode's miss): recorded as {@code completed},
   * then "a call comes in" and the final status callback are posted to {@code gatewayBase}.
   */
  public Future<CallRecord> forwardedCall(String gatewayBase, String accountSid, String from, String to) {
    CallRecord call = recordCall(CallRecord.inbound(accountSid, from, to, "completed", 4, Instant.now().minusSeconds(4)));
    String token = token(accountSid);
    return deliver(gatewayBase + "/twilio/voice/incoming",
            TwilioPayloads.incomingCall(accountSid, call.sid(), from, to), token)
        .compose(ignored -> deliver(gatewayBase + "/twilio/voice/status",
            TwilioPayloads.callStatus(accountSid, call.sid(), from, to, "completed", 3), token))
        .map(call);
  }

  /** A text from a caller: recorded, then "a message comes in" posted to {@code gatewayBase}; answers its SID. */
  public Future<String> text(String gatewayBase, String accountSid, String from, String to, String body) {
    String sid = recordMessage(accountSid, from, to, body);
    return deliver(gatewayBase + "/twilio/sms/inbound", TwilioPayloads.inboundSms(accountSid, sid, from, to, body),
        token(accountSid)).map(sid);
  }

  private Future<WebhookResponse> deliver(String url, Map<String, String> params, String token) {
    return webhooks.post(url, params, token).otherwise(err -> {
      if (err instanceof WebhookDropped) {
        return null;
      }
      throw new IllegalStateException(err);
    });
  }

  private String token(String accountSid) {
    return state.accounts().tokenOf(accountSid)
        .orElseThrow(() -> new IllegalStateException("unknown account " + accountSid));
  }
}
