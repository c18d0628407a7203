package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated call flows, by CallSid: each its own {@link VoiceCallLog}. */
public final class VoiceCalls {

  private final ConcurrentHashMap<String, VoiceCallLog> bySid = new ConcurrentHashMap<>();

  VoiceCallLog add(VoiceCallLog log) {
    bySid.put(log.callSid(), log);
    return log;
  }

  /** The flow's record as {@code GET /_sim/calls/{sid}} renders it. */
  public Optional<JsonObject> find(String callSid) {
    return Optional.ofNullable(bySid.get(callSid)).map(VoiceCallLog::toJson);
  }

  /** Completes with the flow's record once it ended; fails at once for an unknown SID. */
  public Future<JsonObject> whenEnded(String callSid) {
    VoiceCallLog log = bySid.get(callSid);
    return log == null ? Future.failedFuture(new IllegalArgumentException("unknown call " + callSid)) : log.whenEnded();
  }

  JsonArray all() {
    JsonArray array = new JsonArray();
    bySid.values().forEach(log -> array.add(log.toJson()));
    return array;
  }

  void clear() {
    bySid.clear();
  }
}
