package com.missedcall.twiliosim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON control endpoints under {@code /_sim/} for processes that cannot call the Java API: load
 * tests, the dashboard demo, scripts.
 */
final class ControlApi {

  private static final String ROOT = "/_sim";
  private static final long MAX_JSON_BYTES = 256 * 1024;

  private final SimulatorState state;
  private final WebhookClient webhooks;

  ControlApi(SimulatorState state, WebhookClient webhooks) {
    this.state = state;
    this.webhooks = webhooks;
  }

  void mount(Router router) {
    router.route(ROOT + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_JSON_BYTES));
    router.get(ROOT + "/messages").handler(this::messages);
    router.delete(ROOT + "/messages").handler(this::reset);
    router.get(ROOT + "/stats").handler(this::stats);
    router.post(ROOT + "/faults").handler(this::faults);
    router.post(ROOT + "/accounts").handler(this::account);
    router.post(ROOT + "/caller-ids").handler(this::callerId);
    router.post(ROOT + "/webhooks").handler(this::webhook);
    router.post(ROOT + "/settings").handler(this::settings);
  }

  /** {@code {"autoStatusCallbacks": true|false}}: answers the settings now in force. */
  private void settings(RoutingContext ctx) {
    JsonObject body = requiredJson(ctx);
    Object auto = body.getValue("autoStatusCallbacks");
    if (auto != null && !(auto instanceof Boolean)) {
      throw new IllegalArgumentException("autoStatusCallbacks must be true or false");
    }
    if (auto != null) {
      state.autoStatusCallbacks().set((Boolean) auto);
    }
    Responses.json(ctx, 200, new JsonObject().put("autoStatusCallbacks", state.autoStatusCallbacks().get()));
  }

  private void messages(RoutingContext ctx) {
    String to = ctx.request().getParam("to");
    List<SentMessage> messages = state.store().messages(m -> to == null || to.equals(m.to()));
    JsonArray array = new JsonArray();
    messages.forEach(m -> array.add(toJson(m)));
    Responses.json(ctx, 200, array);
  }

  private void reset(RoutingContext ctx) {
    state.reset();
    Responses.noContent(ctx);
  }

  private void stats(RoutingContext ctx) {
    MessageStore store = state.store();
    Responses.json(ctx, 200, new JsonObject()
        .put("messages", store.acceptedCount())
        .put("distinctRecipientBodies", store.distinctRecipientBodies())
        .put("requests", store.requestCount()));
  }

  /**
   * {@code {"clear":true}} first, then any of {@code latencyMs},
   * {@code failNext:{count,kind?,status?,code?,message?,delayMs?}}, {@code failNextList:{...}} (the same, for
   * message-list requests) and
   * {@code rejectRecipient:{to,status,code,message}}.
   */
  private void faults(RoutingContext ctx) {
    JsonObject body = requiredJson(ctx);
    Faults faults = state.faults();
    if (body.getBoolean("clear", false)) {
      faults.clear();
    }
    if (body.containsKey("latencyMs")) {
      faults.latency(Duration.ofMillis(body.getLong("latencyMs")));
    }
    JsonObject failNext = body.getJsonObject("failNext");
    if (failNext != null) {
      faults.failNext(failNext.getInteger("count", 1), faultOf(failNext));
    }
    JsonObject failNextList = body.getJsonObject("failNextList");
    if (failNextList != null) {
      faults.failNextLists(failNextList.getInteger("count", 1), faultOf(failNextList));
    }
    JsonObject failNextCall = body.getJsonObject("failNextCall");
    if (failNextCall != null) {
      faults.failNextCalls(failNextCall.getInteger("count", 1), faultOf(failNextCall));
    }
    JsonObject reject = body.getJsonObject("rejectRecipient");
    if (reject != null) {
      faults.rejectRecipient(required(reject, "to"), reject.getInteger("status", 400),
          reject.getInteger("code", 21610), reject.getString("message", "Attempt to send to unsubscribed recipient"));
    }
    Responses.noContent(ctx);
  }

  private static Fault faultOf(JsonObject spec) {
    String kind = spec.getString("kind", "status");
    return switch (kind) {
      case "status" -> {
        int status = spec.getInteger("status", 500);
        int code = spec.getInteger("code", 20000 + status);
        String message = spec.getString("message");
        yield message == null ? Fault.status(status, code) : Fault.status(status, code, message);
      }
      case "dropBeforeAccept" -> Fault.dropBeforeAccept();
      case "dropAfterAccept" -> Fault.dropAfterAccept();
      case "delayAfterAccept" -> Fault.delayAfterAccept(Duration.ofMillis(spec.getLong("delayMs", 1000L)));
      default -> throw new IllegalArgumentException("Unknown fault kind: " + kind);
    };
  }

  private void account(RoutingContext ctx) {
    JsonObject body = requiredJson(ctx);
    state.accounts().add(required(body, "accountSid"), required(body, "authToken"));
    Responses.noContent(ctx);
  }

  /** {@code {accountSid, phoneNumber}}: the phone is now a verified outgoing caller ID of the account. */
  private void callerId(RoutingContext ctx) {
    JsonObject body = requiredJson(ctx);
    state.accounts().verifyCallerId(required(body, "accountSid"), required(body, "phoneNumber"));
    Responses.noContent(ctx);
  }

  private void webhook(RoutingContext ctx) {
    JsonObject body = requiredJson(ctx);
    String url = required(body, "url");
    Map<String, String> params = new LinkedHashMap<>();
    body.getJsonObject("params", new JsonObject())
        .forEach(entry -> params.put(entry.getKey(), entry.getValue() == null ? "" : entry.getValue().toString()));
    webhooks.post(url, body.getString("signedUrl", url), params, required(body, "authToken"))
        .onSuccess(response -> Responses.json(ctx, 200,
            new JsonObject().put("status", response.statusCode()).put("body", response.body())))
        .onFailure(failure -> Responses.json(ctx, 502,
            new JsonObject().put("error", String.valueOf(failure.getMessage()))));
  }

  private static JsonObject toJson(SentMessage m) {
    return new JsonObject()
        .put("sid", m.sid())
        .put("accountSid", m.accountSid())
        .put("from", m.from())
        .put("to", m.to())
        .put("body", m.body())
        .put("statusCallback", m.statusCallback())
        .put("acceptedAt", m.acceptedAt().toString())
        .put("segments", m.segments());
  }

  private static JsonObject requiredJson(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new IllegalArgumentException("A JSON object body is required");
    }
    return body;
  }

  private static String required(JsonObject json, String field) {
    String value = json.getString(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return value;
  }
}
