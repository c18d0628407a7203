package com.missedcall.admin.conversations;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.leads.LeadConversation;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.conversations.ConversationService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.function.Function;

/**
 * Conversations and unmatched replies. Reads are the admin module's own (agency-scoped); every action
 * (manual message, take over, hand back, close, reopen, AI on/off) goes through the conversations feature's
 * {@link ConversationService} after the conversation was found in the caller's agency, and is audited.
 */
public final class ConversationRoutes implements LeadConversation {
  private final Pool pool;
  private final ConversationQueries queries;
  private final ConversationService service;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;

  public ConversationRoutes(Pool pool, ConversationQueries queries, ConversationService service,
                            WorkspaceStore workspaces, AuditLog audit) {
    this.pool = pool;
    this.queries = queries;
    this.service = service;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("listConversations", this::list);
    ops.json("getConversation", ctx -> detail(Caller.of(ctx), Params.of(ctx).pathLong("conversationId")));
    ops.created("sendConversationMessage", this::send);
    ops.json("takeOverConversation", ctx -> act(ctx, "conversation.take_over", new JsonObject(),
        conv -> service.takeOver(conv.getLong("workspace_id"), conv.getLong("id"))));
    ops.json("handBackConversation", ctx -> act(ctx, "conversation.hand_back", new JsonObject(),
        conv -> service.handBack(conv.getLong("workspace_id"), conv.getLong("id"))));
    ops.json("closeConversation", ctx -> act(ctx, "conversation.close", new JsonObject(),
        conv -> service.close(conv.getLong("workspace_id"), conv.getLong("id")).mapEmpty()));
    ops.json("reopenConversation", ctx -> act(ctx, "conversation.reopen", new JsonObject(),
        conv -> service.reopen(conv.getLong("workspace_id"), conv.getLong("id"))));
    ops.json("updateConversation", ctx -> {
      boolean enabled = Params.of(ctx).body().getBoolean("ai_enabled");
      return act(ctx, "conversation.update", new JsonObject().put("ai_enabled", enabled),
          conv -> service.setAiEnabled(conv.getLong("workspace_id"), conv.getLong("id"), enabled));
    });
    ops.created("sendLeadMessage", this::sendToLead);
    ops.json("listUnmatchedReplies", this::unmatched);
  }

  @Override
  public Future<JsonObject> of(Caller caller, long workspaceId, long leadId) {
    return queries.ofLead(pool, caller.agencyId(), leadId)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(null) : queries.withThread(pool, found.get()));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Params p = Params.of(ctx);
    Caller caller = Caller.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-last_activity_at");
    Long workspaceId = p.queryLong("workspace_id");
    String awaiting = p.query("awaiting_reply");
    return workspaces.requireOwn(pool, caller.agencyId(), workspaceId)
        .compose(v -> queries.list(pool, caller.agencyId(), workspaceId, p.query("status"),
            awaiting == null ? null : Boolean.valueOf(awaiting), cursor, limit))
        .map(rows -> Page.of(rows, limit, ConversationQueries::toJson,
            r -> new Cursor("-last_activity_at", r.getOffsetDateTime("last_activity_at").toString(), r.getLong("id"))));
  }

  private Future<JsonObject> detail(Caller caller, long id) {
    return find(caller, id).compose(conv -> queries.withThread(pool, conv));
  }

  private Future<JsonObject> find(Caller caller, long id) {
    return queries.find(pool, caller.agencyId(), id)
        .map(found -> found.orElseThrow(() -> ApiProblem.notFound("conversation")));
  }

  private Future<JsonObject> send(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("conversationId");
    String body = Params.of(ctx).body().getString("body");
    return find(caller, id)
        .compose(conv -> service.sendManual(conv.getLong("workspace_id"), id, body))
        .compose(sent -> audited(caller, "conversation.message", sent.conversationId(),
            new JsonObject().put("message_id", sent.messageId())))
        .compose(v -> detail(caller, id));
  }

  private Future<JsonObject> sendToLead(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long leadId = Params.of(ctx).pathLong("leadId");
    String body = Params.of(ctx).body().getString("body");
    return leadWorkspace(caller, leadId)
        .compose(workspaceId -> service.sendManualToLead(workspaceId, leadId, body))
        .compose(sent -> audited(caller, "conversation.message", sent.conversationId(),
                new JsonObject().put("message_id", sent.messageId()).put("lead_id", leadId))
            .compose(v -> detail(caller, sent.conversationId())));
  }

  private Future<Long> leadWorkspace(Caller caller, long leadId) {
    return pool.preparedQuery("""
            SELECT l.workspace_id FROM leads l JOIN workspaces w ON w.id = l.workspace_id
             WHERE w.agency_id = $1 AND l.id = $2""")
        .execute(io.vertx.sqlclient.Tuple.of(caller.agencyId(), leadId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiProblem.notFound("lead");
          }
          return rows.iterator().next().getLong("workspace_id");
        });
  }

  private Future<JsonObject> act(RoutingContext ctx, String action, JsonObject changes,
                                 Function<JsonObject, Future<Void>> effect) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("conversationId");
    return find(caller, id).compose(effect)
        .compose(v -> audited(caller, action, id, changes))
        .compose(v -> detail(caller, id));
  }

  private Future<Void> audited(Caller caller, String action, long conversationId, JsonObject changes) {
    return audit.record(pool, caller, action, "conversation", conversationId, changes);
  }

  private Future<JsonObject> unmatched(RoutingContext ctx) {
    Params p = Params.of(ctx);
    Caller caller = Caller.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-received_at");
    Long workspaceId = p.queryLong("workspace_id");
    return workspaces.requireOwn(pool, caller.agencyId(), workspaceId)
        .compose(v -> queries.unmatched(pool, caller.agencyId(), workspaceId, cursor, limit))
        .map(rows -> Page.of(rows, limit, ConversationQueries::unmatchedJson,
            r -> new Cursor("-received_at", r.getOffsetDateTime("received_at").toString(), r.getLong("id"))));
  }
}
