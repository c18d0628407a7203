package com.missedcall.twiliosim;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code /_sim/calls}: start a scripted caller's call against a gateway, and read back what happened on it.
 * Mounted after {@link ControlApi}, whose body handler covers {@code /_sim/*}. Shapes in the README.
 */
final class VoiceControlApi {

  private static final String CALLS = "/_sim/calls";

  private final SimulatorState state;
  private final VoiceCaller caller;

  VoiceControlApi(SimulatorState state, VoiceCaller caller) {
    this.state = state;
    this.caller = caller;
  }

  void mount(Router router) {
    router.post(CALLS).handler(this::start);
    router.get(CALLS).handler(ctx -> Responses.json(ctx, 200, state.voiceCalls().all()));
    router.get(CALLS + "/:CallSid").handler(this::show);
  }

  /**
   * {@code {accountSid, authToken?, from, to, url, method?, statusCallback?, statusCallbackMethod?, script?, wait?}}:
   * 201 {@code {callSid, uri}} at once, or with {@code wait:true} 200 and the call's record once it ended.
   */
  private void start(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new IllegalArgumentException("A JSON object body is required");
    }
    String accountSid = required(body, "accountSid");
    String token = body.getString("authToken");
    if (token == null) {
      token = state.accounts().tokenOf(accountSid).orElseThrow(() -> new IllegalArgumentException(
          "authToken is required for an account the simulator does not know: " + accountSid));
    }
    VoiceCaller.InboundCall call = new VoiceCaller.InboundCall(accountSid, token, required(body, "from"),
        required(body, "to"), required(body, "url"), method(body, "method"), body.getString("statusCallback"),
        method(body, "statusCallbackMethod"), VoiceScript.from(body.getJsonObject("script")));
    VoiceCallLog log = caller.inbound(call);
    if (body.getBoolean("wait", false)) {
      log.whenEnded().onSuccess(record -> Responses.json(ctx, 200, record)).onFailure(ctx::fail);
    } else {
      Responses.json(ctx, 201, VoiceCaller.started(log));
    }
  }

  private void show(RoutingContext ctx) {
    state.voiceCalls().find(ctx.pathParam("CallSid")).ifPresentOrElse(
        record -> Responses.json(ctx, 200, record),
        () -> ctx.fail(TwilioApiException.notFound(ctx.request().path())));
  }

  private static String method(JsonObject body, String field) {
    String method = body.getString(field, "POST").toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("POST")) {
      throw new IllegalArgumentException("'" + field + "' must be GET or POST");
    }
    return method;
  }

  private static String required(JsonObject json, String field) {
    String value = json.getString(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return value;
  }
}
