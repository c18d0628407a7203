package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Everything one simulated call did, for gateway tests to assert on: each request Twilio would have made
 * (kind, method, URL, parameters, the answer's status and body), what the caller heard and said in order,
 * the dials, the protocol errors, and how and when the call ended. Written by its one flow, read by anyone:
 * every method is synchronized.
 */
final class VoiceCallLog {

  private final String callSid;
  private final String accountSid;
  private final String from;
  private final String to;
  private final String direction;
  private final JsonArray requests = new JsonArray();
  private final JsonArray transcript = new JsonArray();
  private final JsonArray dials = new JsonArray();
  private final JsonArray gathers = new JsonArray();
  private final JsonArray errors = new JsonArray();
  private final Promise<JsonObject> ended = Promise.promise();
  private String state = "running";
  private String callStatus = "ringing";
  private String endedBy;
  private int durationSeconds;

  VoiceCallLog(String callSid, String accountSid, String from, String to, String direction) {
    this.callSid = callSid;
    this.accountSid = accountSid;
    this.from = from;
    this.to = to;
    this.direction = direction;
  }

  String callSid() {
    return callSid;
  }

  /** Appends a request (before it is sent) and answers its entry, completed by {@link #answered}. */
  synchronized JsonObject request(String kind, String method, String url, Map<String, String> params) {
    JsonObject paramsJson = new JsonObject();
    params.forEach(paramsJson::put);
    JsonObject entry = new JsonObject().put("kind", kind).put("method", method).put("url", url).put("params", paramsJson);
    requests.add(entry);
    return entry;
  }

  synchronized void answered(JsonObject entry, int status, String body) {
    entry.put("status", status).put("body", body);
  }

  synchronized void unanswered(JsonObject entry, String failure) {
    entry.put("status", null).put("failure", failure);
  }

  synchronized void assistant(String verb, String text) {
    transcript.add(new JsonObject().put("speaker", "assistant").put("verb", verb).put("text", text));
  }

  synchronized void caller(String verb, int turn, String text, Double confidence) {
    JsonObject entry = new JsonObject().put("speaker", "caller").put("verb", verb);
    if (turn > 0) {
      entry.put("turn", turn);
    }
    entry.put("text", text == null ? "" : text).put("silence", text == null);
    if (confidence != null) {
      entry.put("confidence", confidence);
    }
    transcript.add(entry);
  }

  synchronized void dial(String number, int timeout, String dialCallSid, String status, int duration) {
    dials.add(new JsonObject().put("number", number).put("timeout", timeout).put("dialCallSid", dialCallSid)
        .put("dialCallStatus", status).put("dialCallDuration", duration));
  }

  /** A {@code <Gather>} as the gateway wrote it (its attributes, the action resolved), for turn assertions. */
  synchronized void gather(int turn, Map<String, String> attributes, String action) {
    JsonObject attrs = new JsonObject();
    attributes.forEach(attrs::put);
    gathers.add(new JsonObject().put("turn", turn).put("action", action).put("attributes", attrs));
  }

  synchronized void error(int code, String message, String url) {
    errors.add(new JsonObject().put("code", code).put("message", message).put("url", url));
  }

  synchronized void status(String status) {
    callStatus = status;
  }

  void end(String status, String by, int seconds) {
    JsonObject snapshot;
    synchronized (this) {
      state = "ended";
      callStatus = status;
      endedBy = by;
      durationSeconds = seconds;
      snapshot = toJson();
    }
    ended.tryComplete(snapshot);
  }

  /** Completes with {@link #toJson()} once the flow has sent its last request. */
  Future<JsonObject> whenEnded() {
    return ended.future();
  }

  synchronized JsonObject toJson() {
    return new JsonObject()
        .put("callSid", callSid)
        .put("accountSid", accountSid)
        .put("from", from)
        .put("to", to)
        .put("direction", direction)
        .put("state", state)
        .put("callStatus", callStatus)
        .put("endedBy", endedBy)
        .put("durationSeconds", durationSeconds)
        .put("requests", requests.copy())
        .put("transcript", transcript.copy())
        .put("dials", dials.copy())
        .put("gathers", gathers.copy())
        .put("errors", errors.copy());
  }
}
