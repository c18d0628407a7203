package com.missedcall.admin.bundle;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.failures.FailedTextStore;
import com.missedcall.admin.failures.MessageAudience;
import com.missedcall.admin.failures.TwilioErrors;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.leads.ReasonText;
import com.missedcall.admin.numbers.SetupCheck;
import com.missedcall.admin.overview.UsageStore;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.calls.CallerNumber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * "Prepare for support": one JSON with what support asks for when something goes wrong — the workspace, its
 * numbers, the last calls with their decisions and reasons, the setup checks, billing, plan, caps and usage,
 * the recent send failures with Twilio's codes and their remedies — for a workspace, or for one call (the same,
 * plus the call's texts and whether its outcome touches every call). Secrets are never read; caller numbers are
 * masked (country code and last two digits).
 */
public final class SupportBundleRoutes {
  static final int RECENT_CALLS = 25;
  static final int RECENT_FAILURES = 20;
  static final String MASKING = "Caller numbers show only their country code and last two digits. Secrets "
      + "(Twilio auth tokens, API keys, webhook and outcome-webhook secrets) are never included.";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss zzz",
      Locale.US);

  private final Pool pool;
  private final SupportBundleStore store;
  private final WorkspaceStore workspaces;
  private final UsageStore usage;
  private final SetupCheck setup;
  private final FailedTextStore failures;
  private final Clock clock;

  public SupportBundleRoutes(Pool pool, SupportBundleStore store, WorkspaceStore workspaces, UsageStore usage,
                             SetupCheck setup, FailedTextStore failures, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.usage = usage;
    this.setup = setup;
    this.failures = failures;
    this.clock = clock;
  }

  public void bind(Operations ops) {
    ops.json("getWorkspaceSupportBundle", ctx -> {
      long agency = Caller.of(ctx).agencyId();
      return bundle(agency, Params.of(ctx).pathLong("workspaceId"), null);
    });
    ops.json("getCallSupportBundle", ctx -> {
      long agency = Caller.of(ctx).agencyId();
      long callId = Params.of(ctx).pathLong("callId");
      return store.callWorkspace(pool, agency, callId).compose(rows -> rows.size() == 0
          ? Future.failedFuture(ApiProblem.notFound("call"))
          : bundle(agency, rows.iterator().next().getLong("workspace_id"), callId));
    });
  }

  private Future<JsonObject> bundle(long agency, long workspaceId, Long callId) {
    return workspaces.find(pool, agency, workspaceId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiProblem.notFound("workspace"));
      }
      JsonObject ws = found.get();
      ZoneId zone = ZoneId.of(ws.getString("timezone"));
      Set<String> callers = new HashSet<>();
      Set<String> keep = new HashSet<>();
      JsonObject out = new JsonObject()
          .put("kind", callId == null ? "workspace" : "call")
          .put("generated_at", Json.value(OffsetDateTime.now(clock)))
          .put("times", "Timestamps are UTC (ISO 8601); *_local fields are in the workspace's timezone, "
              + ws.getString("timezone") + ", the zone its texts use")
          .put("masking", MASKING)
          .put("workspace", workspace(ws, keep));
      Future<Void> numbers = store.numbers(pool, agency, workspaceId)
          .map(rows -> { out.put("numbers", numbers(rows, keep)); return null; });
      Future<Void> recent = store.calls(pool, agency, workspaceId, null, RECENT_CALLS)
          .map(rows -> { out.put("recent_calls", calls(rows, ws, zone, callers)); return null; });
      Future<Void> decisions = store.decisions(pool, agency, workspaceId)
          .map(rows -> { out.put("decisions_last_7_days", decisions(rows)); return null; });
      Future<Void> backlog = store.backlog(pool, agency, workspaceId)
          .map(rows -> { out.put("sending", sending(ws, rows.iterator().next())); return null; });
      Future<Void> hooks = store.webhooks(pool, agency).map(rows -> {
        Row r = rows.iterator().next();
        out.put("webhooks", new JsonObject().put("endpoints", r.getLong("endpoints")).put("active", r.getLong("active")));
        return null;
      });
      Future<Void> use = usage.usage(pool, agency, workspaceId)
          .map(list -> { out.put("usage", list.isEmpty() ? null : list.getJsonObject(0)); return null; });
      Future<Void> checks = setup.forWorkspace(pool, agency, workspaceId)
          .map(list -> { out.put("setup", setupSummary(list)); return null; });
      Future<Void> failed = failures.list(pool, agency, workspaceId, null, null, RECENT_FAILURES).map(rows -> {
        JsonArray list = new JsonArray();
        int n = 0;
        for (Row r : rows) {
          if (n++ == RECENT_FAILURES) {
            break;
          }
          list.add(failure(r, callers));
        }
        out.put("send_failures", list);
        return null;
      });
      Future<Void> call = callId == null ? Future.succeededFuture()
          : Future.all(store.calls(pool, agency, workspaceId, callId, 1), store.callTexts(pool, workspaceId, callId))
              .map(all -> {
                JsonObject one = calls(all.resultAt(0), ws, zone, callers).getJsonObject(0);
                one.put("texts", texts(all.resultAt(1), callers));
                out.put("call", one);
                return null;
              });
      return Future.all(java.util.List.of(numbers, recent, decisions, backlog, hooks, use, checks, failed, call))
          .map(v -> {
            if (callId != null) {
              out.put("affects_all_calls", reach(out.getJsonObject("call"), out.getJsonArray("decisions_last_7_days")));
            }
            return new Redactor(callers, keep).apply(out);
          });
    });
  }

  private static JsonObject workspace(JsonObject ws, Set<String> keep) {
    if (ws.getString("contact_phone") != null) {
      keep.add(ws.getString("contact_phone"));
    }
    String billing = ws.getString("billing_status");
    return new JsonObject()
        .put("id", ws.getLong("id"))
        .put("name", ws.getString("name"))
        .put("timezone", ws.getString("timezone"))
        .put("status", ws.getString("status"))
        .put("business_phone", ws.getString("contact_phone"))
        .put("created_at", ws.getValue("created_at"))
        .put("billing", new JsonObject().put("status", billing)
            .put("texting_allowed", "active".equals(billing) || "trialing".equals(billing)))
        .put("plan", ws.getJsonObject("plan"))
        .put("caps", new JsonObject()
            .put("daily_sms", ws.getInteger("effective_daily_sms_cap"))
            .put("monthly_leads", ws.getInteger("effective_monthly_lead_cap"))
            .put("daily_sms_overridden", ws.getValue("daily_sms_cap") != null)
            .put("monthly_leads_overridden", ws.getValue("monthly_lead_cap") != null))
        .put("recovery", new JsonObject()
            .put("duplicate_window_seconds", ws.getInteger("duplicate_window_seconds"))
            .put("ai_enabled", ws.getBoolean("ai_enabled"))
            .put("followup_enabled", ws.getBoolean("followup_enabled"))
            .put("textback_quiet_hours_exempt", ws.getBoolean("textback_quiet_hours_exempt"))
            .put("team_summary_enabled", ws.getBoolean("team_summary_enabled"))
            .put("daily_summary_enabled", ws.getBoolean("daily_summary_enabled")))
        .put("active_numbers", ws.getValue("active_numbers"))
        .put("notification_numbers", ws.getValue("notification_numbers"));
  }

  private static JsonArray numbers(Iterable<Row> rows, Set<String> keep) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      keep.add(r.getString("phone_number"));
      if (r.getString("business_phone") != null) {
        keep.add(r.getString("business_phone"));
      }
      out.add(new JsonObject()
          .put("id", r.getLong("id"))
          .put("tracked_number", r.getString("phone_number"))
          .put("business_phone", r.getString("business_phone"))
          .put("routing_mode", r.getString("routing_mode"))
          .put("ring_timeout_seconds", r.getInteger("ring_timeout_seconds"))
          .put("twilio_account", maskSid(r.getString("account_sid")))
          .put("auth_token", "hidden")
          .put("token_rotation_under_way", Boolean.TRUE.equals(r.getBoolean("token_rotation_under_way")))
          .put("created_at", Json.value(r.getValue("created_at"))));
    }
    return out;
  }

  private static JsonArray calls(Iterable<Row> rows, JsonObject ws, ZoneId zone, Set<String> callers) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      String caller = r.getString("caller");
      callers.add(caller);
      String reason = r.getString("reason");
      Integer textError = r.getInteger("text_error");
      JsonObject call = new JsonObject()
          .put("id", r.getLong("id"))
          .put("call_sid", r.getString("call_sid"))
          .put("lead_id", r.getLong("lead_id"))
          .put("caller", CallerNumber.mask(caller))
          .put("called", r.getString("called"))
          .put("routing_mode", r.getString("routing_mode"))
          .put("call_status", r.getString("call_status"))
          .put("decision", r.getString("decision"))
          .put("reason", ReasonText.of(reason)
              .put("explanation", ReasonText.explain(reason, ws, r.getString("text_status"), textError)))
          .put("received_at", Json.value(r.getValue("received_at")))
          .put("received_at_local", local(r.getOffsetDateTime("received_at"), zone))
          .put("decided_at", Json.value(r.getValue("decided_at")));
      if (r.getValue("text_id") != null) {
        call.put("text_back", new JsonObject()
            .put("status", r.getString("text_status"))
            .put("message_sid", r.getString("text_sid"))
            .put("sent_at", Json.value(r.getValue("texted_at")))
            .put("error_code", textError)
            .put("remedy", textError == null ? null : TwilioErrors.of(textError).remedy()));
      }
      out.add(call);
    }
    return out;
  }

  private static JsonArray texts(Iterable<Row> rows, Set<String> callers) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      String kind = r.getString("kind");
      boolean team = "team".equals(MessageAudience.of(kind));
      if (!team) {
        callers.add(r.getString("inbound".equals(r.getString("direction")) ? "from_number" : "to_number"));
      }
      Integer code = r.getInteger("error_code");
      out.add(new JsonObject()
          .put("id", r.getLong("id"))
          .put("kind", kind)
          .put("audience", MessageAudience.of(kind))
          .put("direction", r.getString("direction"))
          .put("status", r.getString("status"))
          .put("send_status", r.getString("send_status"))
          .put("attempts", r.getInteger("attempts"))
          .put("message_sid", r.getString("message_sid"))
          .put("error_code", code)
          .put("remedy", code == null ? null : TwilioErrors.of(code).remedy())
          .put("last_error", CallerNumber.maskWithin(r.getString("last_error")))
          .put("created_at", Json.value(r.getValue("created_at")))
          .put("sent_at", Json.value(r.getValue("sent_at"))));
    }
    return out;
  }

  private static JsonObject failure(Row r, Set<String> callers) {
    JsonObject json = FailedTextStore.toJson(r);
    // team members' own mobiles are personal numbers too: masked like callers'
    callers.add(r.getString("to_number"));
    json.put("to_number", CallerNumber.mask(r.getString("to_number")));
    json.remove("workspace_name");
    return json;
  }

  private static JsonArray decisions(Iterable<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      out.add(new JsonObject().put("reason", ReasonText.of(r.getString("reason")))
          .put("decision", r.getString("decision")).put("count", r.getLong("n"))
          .put("last_at", Json.value(r.getValue("last_at"))));
    }
    return out;
  }

  /** Whether the call's outcome is this caller's alone or what happens to every call lately. */
  private static JsonObject reach(JsonObject call, JsonArray decisions) {
    String reason = call.getJsonObject("reason").getString("code");
    long same = 0;
    long all = 0;
    for (Object o : decisions) {
      JsonObject d = (JsonObject) o;
      all += d.getLong("count");
      if (reason.equals(d.getJsonObject("reason").getString("code"))) {
        same += d.getLong("count");
      }
    }
    String verdict = all == 0 ? "unknown" : same == all ? "all_calls" : same * 2 > all ? "most_calls" : "some_calls";
    return new JsonObject().put("reason", reason).put("calls_last_7_days", all).put("with_this_reason", same)
        .put("verdict", verdict);
  }

  private static JsonObject sending(JsonObject ws, Row backlog) {
    Integer code = ws.getInteger("sending_paused_code");
    return new JsonObject()
        .put("paused_at", ws.getValue("sending_paused_at"))
        .put("paused_code", code)
        .put("paused_remedy", code == null ? null : TwilioErrors.of(code).remedy())
        .put("pending", backlog.getLong("pending"))
        .put("sending_now", backlog.getLong("sending"))
        .put("held_for_quiet_hours", backlog.getLong("held_for_quiet_hours"))
        .put("oldest_due_at", Json.value(backlog.getValue("oldest_due_at")));
  }

  private static JsonObject setupSummary(JsonArray checks) {
    String state = checks.isEmpty() ? "no_numbers" : "verified";
    for (Object o : checks) {
      String s = ((JsonObject) o).getString("state");
      if ("action_needed".equals(s)) {
        state = s;
      } else if ("incomplete".equals(s) && !"action_needed".equals(state)) {
        state = s;
      }
    }
    return new JsonObject().put("state", state).put("numbers", checks);
  }

  static String maskSid(String sid) {
    return sid == null || sid.length() < 8 ? sid : sid.substring(0, 2) + "…" + sid.substring(sid.length() - 4);
  }

  static String local(OffsetDateTime t, ZoneId zone) {
    return t == null ? null : LOCAL.format(t.atZoneSameInstant(zone));
  }
}
