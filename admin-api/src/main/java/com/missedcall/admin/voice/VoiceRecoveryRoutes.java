package com.missedcall.admin.voice;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.recovery.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Set;

/**
 * A workspace's recovery channels, laid out as the product describes them (text-back, voice recovery, internal
 * summary SMS, caller summary SMS, voice fallback, voice alert numbers), each saying whether it runs and why not;
 * the voice settings can be changed. And a lead's voice calls with their transcripts.
 */
public final class VoiceRecoveryRoutes {
  static final String HOW_TO_DECIDE = "Text-back only is the simplest: every missed caller gets a text within "
      + "seconds. Voice + text-back also covers callers who won't text: the assistant answers the missed call, takes "
      + "the details by voice, and the text-back still goes out whenever voice recovery cannot finish.";
  static final List<String> SETTINGS = List.of("voice_enabled", "fallback", "recording_enabled", "language",
      "alert_calls", "caller_summary_enabled", "internal_summary_enabled");

  private final Pool pool;
  private final VoiceRecoveryStore store;
  private final AuditLog audit;
  private final EventBus bus;

  public VoiceRecoveryRoutes(Pool pool, VoiceRecoveryStore store, AuditLog audit, EventBus bus) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.bus = bus;
  }

  public void bind(Operations ops) {
    ops.json("getVoiceRecovery", ctx -> get(Caller.of(ctx), Params.of(ctx).pathLong("workspaceId")));
    ops.json("updateVoiceRecovery", this::update);
    ops.json("listLeadVoiceCalls", ctx -> store.leadCalls(pool, Caller.of(ctx).agencyId(),
            Params.of(ctx).pathLong("leadId"))
        .map(found -> new JsonObject().put("data", found.orElseThrow(() -> ApiProblem.notFound("lead")))));
  }

  private Future<JsonObject> get(Caller caller, long workspaceId) {
    return store.channels(pool, caller.agencyId(), workspaceId)
        .map(row -> describe(row.orElseThrow(() -> ApiProblem.notFound("workspace"))));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long workspaceId = Params.of(ctx).pathLong("workspaceId");
    JsonObject body = Params.of(ctx).body();
    return pool.withTransaction(conn -> store.lock(conn, caller.agencyId(), workspaceId).compose(mine -> {
          if (!mine) {
            return Future.failedFuture(ApiProblem.notFound("workspace"));
          }
          return store.channels(conn, caller.agencyId(), workspaceId).compose(before -> {
            JsonObject was = settings(before.orElseThrow());
            JsonObject will = was.copy().mergeIn(body);
            if ("voicemail".equals(will.getString("fallback")) && !will.getBoolean("recording_enabled")) {
              return Future.failedFuture(ApiProblem.invalid("voicemail_needs_recording",
                  "The voicemail fallback records the caller: turn recording_enabled on (the caller hears a consent "
                      + "line first), or choose the textback or none fallback"));
            }
            return store.update(conn, caller.agencyId(), workspaceId, body)
                .compose(v -> audit.record(conn, caller, "workspace.voice_recovery.update", "workspace", workspaceId,
                    AuditLog.diff(was, will, SETTINGS)))
                .compose(v -> store.channels(conn, caller.agencyId(), workspaceId))
                .map(after -> describe(after.orElseThrow()));
          });
        }))
        .onSuccess(v -> bus.publish(Addresses.VOICE_CHANNELS_CHANGED, workspaceId));
  }

  static JsonObject settings(Row r) {
    return new JsonObject()
        .put("voice_enabled", r.getBoolean("voice_enabled"))
        .put("fallback", r.getString("voice_fallback"))
        .put("recording_enabled", r.getBoolean("voice_recording_enabled"))
        .put("language", r.getString("voice_language"))
        .put("alert_calls", r.getBoolean("voice_alert_calls"))
        .put("caller_summary_enabled", r.getBoolean("caller_summary_enabled"))
        .put("internal_summary_enabled", r.getBoolean("team_summary_enabled"));
  }

  /** The channels table: each row its purpose, whether it runs and, if not, why in plain words. */
  static JsonObject describe(Row r) {
    boolean active = "active".equals(r.getString("status"));
    boolean billing = Set.of("active", "trialing").contains(r.getString("billing_status"));
    String base = !active ? "The workspace is inactive"
        : !billing ? "Billing is " + r.getString("billing_status").replace('_', ' ') + ": recovery is paused"
        : null;
    String textbackWhy = base != null ? base
        : !r.getBoolean("textback") ? "The " + r.getString("plan_name") + " plan does not include text-back"
        : r.getValue("sending_paused_at") != null ? "Texting is paused: carriers blocked the workspace's texts"
        : null;
    boolean voiceOn = r.getBoolean("voice_enabled");
    String voiceWhy = !voiceOn ? "Voice recovery is switched off for this workspace"
        : base != null ? base
        : !r.getBoolean("voice_recovery") ? "The " + r.getString("plan_name") + " plan does not include voice recovery"
        : null;
    JsonArray voiceAlerts = new JsonArray();
    String[] numbers = r.getArrayOfStrings("voice_alert_numbers");
    if (numbers != null) {
      for (String n : numbers) {
        voiceAlerts.add(n);
      }
    }
    long teamNumbers = r.getLong("team_numbers");
    String fallback = r.getString("voice_fallback");
    boolean recording = r.getBoolean("voice_recording_enabled");
    JsonArray channels = new JsonArray()
        .add(channel("textback", "Missed-call text-back", "SMS to the caller right after a missed call",
            textbackWhy, null))
        .add(channel("voice_recovery", "Voice recovery",
            "An AI voice answers the missed call: it asks what the caller needs, the address, how urgent it is, "
                + "and a callback time", voiceWhy,
            voiceOn ? "Runs on numbers whose phone setup is verified (see the setup check); language "
                + r.getString("voice_language") : null))
        .add(channel("internal_summary_sms", "Internal summary SMS",
            "The team gets the caller's number, the time of the missed call and what was captured",
            !r.getBoolean("team_summary_enabled") ? "Switched off"
                : teamNumbers == 0 ? "No team number to send it to" : null,
            teamNumbers + " team number(s)"))
        .add(channel("caller_summary_sms", "Caller summary SMS",
            "After the call, the caller gets a short summary of what was captured and what happens next",
            !r.getBoolean("caller_summary_enabled") ? "Switched off" : textbackWhy, null))
        .add(channel("voice_fallback", "Voice fallback",
            "What happens when voice recovery cannot complete: send the text-back, take a voicemail, or nothing",
            !voiceOn ? "Voice recovery is switched off for this workspace" : null,
            switch (fallback) {
              case "textback" -> "Send the text-back (dedup, caps, opt-outs and quiet hours still apply)";
              case "voicemail" -> recording ? "Take a voicemail (the caller hears a consent line first); transcribed"
                  : "Voicemail needs recording switched on: nothing happens";
              default -> "Nothing: the call is recorded with the reason voice recovery stopped";
            }).put("value", fallback))
        .add(channel("voice_alert_numbers", "Voice alert numbers",
            "Numbers that receive voice-related alerts (an urgent need captured by voice, voice recovery failing)",
            voiceAlerts.isEmpty() ? (r.getLong("alert_numbers") > 0 ? null : "No voice alert number set") : null,
            voiceAlerts.isEmpty() && r.getLong("alert_numbers") > 0 ? "None set: the alert numbers get them"
                : (r.getBoolean("voice_alert_calls") ? "Texted and called for emergencies" : "Texted"))
            .put("numbers", voiceAlerts));
    return new JsonObject()
        .put("workspace_id", r.getLong("id"))
        .put("channels", channels)
        .put("settings", settings(r))
        .put("how_to_decide", HOW_TO_DECIDE);
  }

  private static JsonObject channel(String code, String label, String purpose, String whyNot, String detail) {
    return new JsonObject().put("channel", code).put("label", label).put("purpose", purpose)
        .put("enabled", whyNot == null).put("reason", whyNot).put("detail", detail);
  }
}
