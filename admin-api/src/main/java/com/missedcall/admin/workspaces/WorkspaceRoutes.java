package com.missedcall.admin.workspaces;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** Workspaces: list, create, read, change, and their recovery channels and text-back preview. */
public final class WorkspaceRoutes {
  private final Pool pool;
  private final WorkspaceStore store;
  private final WorkspaceService service;

  public WorkspaceRoutes(Pool pool, WorkspaceStore store, WorkspaceService service) {
    this.pool = pool;
    this.store = store;
    this.service = service;
  }

  public void bind(Operations ops) {
    ops.json("listWorkspaces", this::list);
    ops.created("createWorkspace", ctx -> service.create(Caller.of(ctx), Params.of(ctx).body()));
    ops.json("getWorkspace", ctx -> service.get(Caller.of(ctx), Params.of(ctx).pathLong("workspaceId")));
    ops.json("updateWorkspace", ctx -> service.update(Caller.of(ctx), Params.of(ctx).pathLong("workspaceId"),
        Params.of(ctx).body()));
    ops.json("getWorkspaceRecovery", this::recovery);
    ops.json("resumeSending", ctx -> service.resumeSending(Caller.of(ctx), Params.of(ctx).pathLong("workspaceId")));
    ops.json("previewTextback", this::preview);
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Params p = Params.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "id");
    return store.list(pool, Caller.of(ctx).agencyId(), cursor == null ? null : cursor.number(), p.query("status"),
            p.query("q"), limit)
        .map(rows -> Page.of(rows, limit, WorkspaceStore::toJson,
            r -> new Cursor("id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<JsonObject> recovery(RoutingContext ctx) {
    return service.get(Caller.of(ctx), Params.of(ctx).pathLong("workspaceId")).map(ws -> new JsonObject()
        .put("workspace_id", ws.getLong("id"))
        .put("channels", channels(ws))
        .put("textback_template", ws.getString("textback_template"))
        .put("optout_footer", ws.getString("optout_footer"))
        .put("duplicate_window_seconds", ws.getInteger("duplicate_window_seconds"))
        .put("preview", TemplatePreview.renderStored(ws.getString("textback_template"), ws.getString("name"),
            ws.getString("optout_footer"))));
  }

  private Future<JsonObject> preview(RoutingContext ctx) {
    JsonObject body = Params.of(ctx).body();
    return service.get(Caller.of(ctx), Params.of(ctx).pathLong("workspaceId")).map(ws -> TemplatePreview.render(
        body.getString("textback_template", ws.getString("textback_template")),
        body.getString("business_name", ws.getString("name")),
        body.containsKey("optout_footer") ? body.getString("optout_footer") : ws.getString("optout_footer")));
  }

  /** What recovery will do for this workspace on each channel, and if not, why in plain words. */
  static JsonArray channels(JsonObject ws) {
    JsonObject plan = ws.getJsonObject("plan");
    JsonObject notify = ws.getJsonObject("notification_numbers", new JsonObject());
    boolean active = "active".equals(ws.getString("status"));
    boolean billing = java.util.Set.of("active", "trialing").contains(ws.getString("billing_status"));
    String baseWhy = !active ? "The workspace is inactive"
        : !billing ? "Billing is " + ws.getString("billing_status").replace('_', ' ')
        : !plan.getBoolean("textback") ? "The " + plan.getString("name") + " plan does not include text-back"
        : ws.getLong("active_numbers") == 0 ? "No active tracked number"
        : null;
    // a pause stops what the workspace starts towards callers; replies and team alerts still go
    String textbackWhy = baseWhy != null ? baseWhy
        : ws.getValue("sending_paused_at") != null ? "Texting is paused: carriers blocked the workspace's texts (Twilio "
            + ws.getValue("sending_paused_code") + "); resume it once the number is fixed"
        : null;
    String aiWhy = baseWhy != null ? baseWhy
        : !plan.getBoolean("ai_replies") ? "The " + plan.getString("name") + " plan does not include AI replies"
        : !ws.getBoolean("ai_enabled") ? "AI replies are switched off for this workspace"
        : null;
    String followupWhy = textbackWhy != null ? textbackWhy
        : !ws.getBoolean("followup_enabled") ? "Follow-ups are switched off" : null;
    long alertNumbers = notify.getLong("alert", 0L) + notify.getLong("team", 0L);
    String alertsWhy = baseWhy != null ? baseWhy
        : alertNumbers == 0 ? "No alert or team number to notify" : null;
    return new JsonArray()
        .add(channel("sms_textback", "Text-back SMS to missed callers", textbackWhy,
            "Up to " + ws.getInteger("effective_daily_sms_cap") + " texts a day; a caller is texted at most once every "
                + duration(ws.getInteger("duplicate_window_seconds"))
                + (ws.getBoolean("textback_quiet_hours_exempt") ? "; sent at night too" : "; held at night (21:00-08:00)")))
        .add(channel("ai_replies", "AI continues the conversation by SMS", aiWhy,
            "Up to " + ws.getInteger("ai_turn_limit") + " AI replies per conversation, then staff take over"))
        .add(channel("followup", "Follow-up when the caller stays silent", followupWhy,
            "One follow-up after " + duration(ws.getInteger("followup_delay_seconds")) + ", then the on-call number after "
                + duration(ws.getInteger("oncall_delay_seconds"))
                + (notify.getLong("on_call", 0L) == 0 ? " (no on-call number set)" : "")))
        .add(channel("team_alerts", "Urgent alerts and summaries to the team", alertsWhy,
            alertNumbers + " number(s) alerted; emergency words alert at once"))
        .add(channel("auto_close", "Quiet conversations close by themselves", null,
            "After " + duration(ws.getInteger("stale_after_seconds")) + " without activity"));
  }

  static String duration(int seconds) {
    if (seconds >= 86_400 && seconds % 86_400 == 0) {
      return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
    }
    if (seconds >= 3_600 && seconds % 3_600 == 0) {
      return seconds / 3_600 + (seconds == 3_600 ? " hour" : " hours");
    }
    if (seconds >= 60) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }

  private static JsonObject channel(String code, String label, String whyNot, String detail) {
    return new JsonObject().put("channel", code).put("label", label).put("enabled", whyNot == null)
        .put("reason", whyNot).put("detail", detail);
  }
}
