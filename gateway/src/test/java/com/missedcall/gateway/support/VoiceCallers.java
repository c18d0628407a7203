package com.missedcall.gateway.support;

import com.missedcall.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Callers on real (simulated) calls for voice recovery tests: the Twilio simulator plays each call against the
 * gateway (incoming webhook, {@code <Dial>} the business that does not answer, the action, each {@code <Gather>}
 * answered from the script, the final status callback, all signed), and the tenants voice recovery needs.
 */
public final class VoiceCallers {
  private final GatewayUnderTest gw;
  private final TestDatabase db;
  private final WebClient client;

  public VoiceCallers(GatewayUnderTest gw, TestDatabase db) {
    this.gw = gw;
    this.db = db;
    this.client = WebClient.create(gw.clientVertx());
  }

  /** A direct-mode tenant with voice recovery on and its number verified (a call to it was decided before). */
  public TestTenant.Created voiceTenant(String name) {
    TestTenant.Created t = gw.register(TestTenant.in(db).named(name).direct("+15550001111").create());
    enableVoice(t);
    verify(t);
    return t;
  }

  public void enableVoice(TestTenant.Created t) {
    update("UPDATE workspaces SET voice_enabled = true WHERE id = " + t.workspaceId());
  }

  /** Evidence that the number's voice webhooks reach the gateway: one decided call on it. */
  public void verify(TestTenant.Created t) {
    db.queryLong("INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, decision, "
            + "reason, received_at) VALUES (?, ?, ?, '+15550009999', ?, 'direct', 'skipped', 'answered', "
            + "now() - interval '1 day') RETURNING 1", t.workspaceId(), t.accountSid(),
        com.missedcall.twiliosim.TwilioPayloads.newCallSid(), t.number());
  }

  public void notificationNumber(TestTenant.Created t, String kind, String phone) {
    db.queryLong("INSERT INTO notification_numbers (workspace_id, phone, kind) VALUES (?, ?, ?) RETURNING 1",
        t.workspaceId(), phone, kind);
  }

  public void update(String sql) {
    db.queryLong("WITH u AS (" + sql + " RETURNING 1) SELECT count(*) FROM u");
  }

  /** Starts a caller's call and completes with the simulator's record once it ended (status callback sent). */
  public Future<JsonObject> call(TestTenant.Created t, String caller, JsonObject script) {
    return call(t, caller, script, true);
  }

  /** As above; without the status callback Twilio's final webhook for the call never reaches the gateway. */
  public Future<JsonObject> call(TestTenant.Created t, String caller, JsonObject script, boolean statusCallback) {
    JsonObject request = new JsonObject()
        .put("accountSid", t.accountSid())
        .put("authToken", t.authToken())
        .put("from", caller)
        .put("to", t.number())
        .put("url", gw.url("/twilio/voice/incoming"))
        .put("statusCallback", statusCallback ? gw.url("/twilio/voice/status") : null)
        .put("script", script)
        .put("wait", true);
    return client.postAbs(gw.simulator().baseUrl() + "/_sim/calls").sendJsonObject(request)
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("simulator refused the call: " + response.bodyAsString());
          }
          return response.bodyAsJsonObject();
        });
  }

  /** Every call the simulator played (inbound and created through the Calls API). */
  public JsonArray simulatedCalls() {
    return client.getAbs(gw.simulator().baseUrl() + "/_sim/calls").send().await().bodyAsJsonArray();
  }

  /** The script of a caller who answers each question with these words (then stays silent). */
  public static JsonObject saying(String... words) {
    JsonArray turns = new JsonArray();
    for (String w : words) {
      turns.add(new JsonObject().put("speech", w).put("confidence", 0.92));
    }
    return new JsonObject().put("dial", "no-answer").put("turns", turns);
  }

  public static JsonObject silent() {
    return new JsonObject().put("dial", "no-answer");
  }

  public static JsonObject hangingUpAtTurn(int turn) {
    return new JsonObject().put("dial", "no-answer").put("hangUpAtTurn", turn);
  }

  public void close() {
    client.close();
  }
}
