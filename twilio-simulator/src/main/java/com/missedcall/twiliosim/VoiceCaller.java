package com.missedcall.twiliosim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Starts simulated call flows ({@link VoiceCallFlow}), each with its own CallSid and {@link VoiceCallLog}, so any
 * number run at once without crossing: a caller's inbound call to the gateway, or a REST-created outbound call.
 */
final class VoiceCaller {

  /** An inbound call: who calls whom, where "a call comes in" goes, and what the people on it do. */
  record InboundCall(String accountSid, String authToken, String from, String to, String url, String method,
                     String statusCallback, String statusCallbackMethod, VoiceScript script) {}

  private final SimulatorState state;
  private final WebhookClient webhooks;
  private final Supplier<String> simulatorBase;

  VoiceCaller(SimulatorState state, WebhookClient webhooks, Supplier<String> simulatorBase) {
    this.state = state;
    this.webhooks = webhooks;
    this.simulatorBase = simulatorBase;
  }

  /** Starts the call and answers its log at once; the flow runs on. */
  VoiceCallLog inbound(InboundCall request) {
    CallRecord call = CallRecord.inbound(request.accountSid(), request.from(), request.to(), "ringing", 0, Instant.now())
        .live("ringing");
    VoiceCallLog log = state.voiceCalls().add(
        new VoiceCallLog(call.sid(), call.accountSid(), call.from(), call.to(), call.direction()));
    new VoiceCallFlow(webhooks, state.calls(), log, request.script(), request.authToken(), simulatorBase.get(),
        request.statusCallback(), request.statusCallbackMethod(), call)
        .runInbound(request.url(), request.method());
    return log;
  }

  /** A call the account created through the Calls API; the callee answers at once and listens in silence. */
  VoiceCallLog outbound(CallRecord call, String authToken, String url, String method, String twiml,
                        String statusCallback, String statusCallbackMethod) {
    VoiceCallLog log = state.voiceCalls().add(
        new VoiceCallLog(call.sid(), call.accountSid(), call.from(), call.to(), call.direction()));
    new VoiceCallFlow(webhooks, state.calls(), log, VoiceScript.silentCaller(), authToken, simulatorBase.get(),
        statusCallback, statusCallbackMethod, call.live("in-progress"))
        .runOutbound(url, method, twiml);
    return log;
  }

  static JsonObject started(VoiceCallLog log) {
    return new JsonObject().put("callSid", log.callSid()).put("uri", "/_sim/calls/" + log.callSid());
  }
}
