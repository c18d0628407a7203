package com.missedcall.admin.leads;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.TextBackCancel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Leads: the filtered list, one lead with its calls (decision and reason in plain words) and messages, its stage. */
public final class LeadRoutes {
  private final Pool pool;
  private final LeadStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;
  private final LeadConversation conversation;
  private final LeadOutcomes outcomes = new LeadOutcomes();

  public LeadRoutes(Pool pool, LeadStore store, WorkspaceStore workspaces, AuditLog audit,
                    LeadConversation conversation) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
    this.conversation = conversation;
  }

  public void bind(Operations ops) {
    ops.json("listLeads", this::list);
    ops.json("getLead", ctx -> detail(Caller.of(ctx), Params.of(ctx).pathLong("leadId")));
    ops.json("updateLead", this::update);
    ops.json("setLeadOutcome", this::outcome);
  }

  /** Booked (with an optional value), lost, or open again; audited as {@code lead.outcome}. */
  private Future<JsonObject> outcome(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("leadId");
    LeadOutcomes.Outcome outcome = LeadOutcomes.Outcome.from(Params.of(ctx).body());
    return pool.withTransaction(conn -> outcomes.set(conn, caller.agencyId(), id, outcome, "api")
            .compose(set -> set.isEmpty() ? Future.<Void>failedFuture(ApiProblem.notFound("lead"))
                : audit.record(conn, caller, "lead.outcome", "lead", id, outcome.toJson())))
        .compose(v -> detail(caller, id));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Params p = Params.of(ctx);
    Caller caller = Caller.of(ctx);
    int limit = p.queryInt("limit", 50);
    LeadStore.Sort sort = LeadStore.Sort.of(p.query("sort"));
    Cursor cursor = Cursor.decode(p.query("cursor"), sort.code());
    String attention = p.query("attention");
    LeadStore.Filter filter = new LeadStore.Filter(p.queryLong("workspace_id"), p.query("stage"), p.query("reason"),
        time(p.query("from"), "from"), time(p.query("to"), "to"), p.query("q"),
        attention == null ? null : Boolean.valueOf(attention));
    return workspaces.requireOwn(pool, caller.agencyId(), filter.workspaceId())
        .compose(v -> store.list(pool, caller.agencyId(), filter, sort, cursor, limit))
        .map(rows -> Page.of(rows, limit, LeadStore::toJson, sort::cursorOf));
  }

  Future<JsonObject> detail(Caller caller, long id) {
    return store.find(pool, caller.agencyId(), id)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("lead"))))
        .compose(row -> workspaces.find(pool, caller.agencyId(), row.getLong("workspace_id"))
            .compose(ws -> {
              long workspaceId = row.getLong("workspace_id");
              JsonObject lead = LeadStore.toJson(row);
              return store.calls(pool, workspaceId, id)
                  .map(calls -> lead.put("calls", calls(calls, ws.orElseThrow())))
                  .compose(v -> store.messages(pool, workspaceId, id))
                  .map(messages -> lead.put("messages", messages(messages)))
                  .compose(v -> store.textBackWaiting(pool, workspaceId, id,
                      java.time.ZoneId.of(row.getString("workspace_timezone"))))
                  .map(waiting -> lead.put("textback_scheduled", waiting))
                  .compose(v -> conversation.of(caller, workspaceId, id))
                  .map(conv -> lead.put("conversation", conv));
            }));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long id = p.pathLong("leadId");
    String stage = p.body().getString("stage");
    return pool.withTransaction(conn -> store.find(conn, caller.agencyId(), id)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(ApiProblem.notFound("lead"));
              }
              String before = found.get().getString("stage");
              if (stage == null || stage.equals(before)) {
                return Future.succeededFuture();
              }
              return store.setStage(conn, caller.agencyId(), id, stage)
                  .compose(v -> "new".equals(stage) ? Future.succeededFuture()
                      : TextBackCancel.cancelOn(conn, found.get().getLong("workspace_id"), id,
                          DecisionReason.CANCELLED_LEAD_HANDLED))
                  .compose(v -> audit.record(conn, caller, "lead.update", "lead", id, new JsonObject()
                      .put("stage", new JsonObject().put("from", before).put("to", stage))));
            }))
        .compose(v -> detail(caller, id));
  }

  private static JsonArray calls(Iterable<Row> rows, JsonObject ws) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      JsonObject call = Json.row(r, "id", "call_sid", "caller", "called", "routing_mode", "call_status",
          "decision", "received_at", "decided_at", "texted_at", "is_test");
      String reason = r.getString("reason");
      call.put("reason", ReasonText.of(reason)
          .put("explanation", ReasonText.explain(reason, ws, r.getString("text_status"), r.getInteger("text_error"))));
      out.add(call);
    }
    return out;
  }

  private static JsonArray messages(Iterable<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      out.add(Json.row(r, "id", "direction", "kind", "from_number", "to_number", "body", "segments", "message_sid",
          "status", "error_code", "created_at", "sent_at"));
    }
    return out;
  }

  private static OffsetDateTime time(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(value).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw ApiProblem.invalid("invalid_date", "'" + name + "' must be a date (2024-05-01) or a date-time");
      }
    }
  }
}
