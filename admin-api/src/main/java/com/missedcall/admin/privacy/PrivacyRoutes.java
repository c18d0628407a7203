package com.missedcall.admin.privacy;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Privacy controls of the admin API: erase a caller by number from one workspace or from every workspace of the
 * agency (one transaction per workspace, each audited as {@code caller.erased} with the number's ledger hash and
 * what was erased, never the number); retention per workspace (message bodies and transcripts kept N days, or for
 * ever), audited as {@code retention.update}.
 */
public final class PrivacyRoutes {
  /** Ten years: the longest retention that can be set. */
  static final int MAX_DAYS = 3650;
  private final Pool pool;
  private final PrivacyStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;
  private final CallerKeys callerKeys;

  public PrivacyRoutes(Pool pool, PrivacyStore store, WorkspaceStore workspaces, AuditLog audit, CallerKeys callerKeys) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
    this.callerKeys = callerKeys;
  }

  public void bind(Operations ops) {
    ops.json("getRetention", ctx -> {
      Caller caller = Caller.of(ctx);
      long workspaceId = Params.of(ctx).pathLong("workspaceId");
      return store.retention(pool, caller.agencyId(), workspaceId)
          .map(found -> found.orElseThrow(() -> ApiProblem.notFound("workspace")));
    });
    ops.json("setRetention", ctx -> {
      Caller caller = Caller.of(ctx);
      long workspaceId = Params.of(ctx).pathLong("workspaceId");
      JsonObject body = Params.of(ctx).body();
      Integer bodies = days(body, "message_body_days");
      Integer transcripts = days(body, "transcript_days");
      return pool.withTransaction(conn -> store.retention(conn, caller.agencyId(), workspaceId).compose(before -> {
        if (before.isEmpty()) {
          return Future.failedFuture(ApiProblem.notFound("workspace"));
        }
        JsonObject after = new JsonObject().put("message_body_days", bodies).put("transcript_days", transcripts);
        return store.setRetention(conn, workspaceId, bodies, transcripts)
            .compose(v -> audit.record(conn, caller, "retention.update", "workspace", workspaceId,
                AuditLog.diff(before.get(), after, List.of("message_body_days", "transcript_days"))))
            .compose(v -> store.retention(conn, caller.agencyId(), workspaceId))
            .map(java.util.Optional::orElseThrow);
      }));
    });
    ops.json("eraseWorkspaceCaller", ctx -> {
      Caller caller = Caller.of(ctx);
      Params p = Params.of(ctx);
      long workspaceId = p.pathLong("workspaceId");
      String phone = p.body().getString("phone");
      return workspaces.exists(pool, caller.agencyId(), workspaceId)
          .compose(mine -> mine ? eraseIn(caller, workspaceId, phone)
              : Future.failedFuture(ApiProblem.notFound("workspace")));
    });
    ops.json("eraseAgencyCaller", ctx -> {
      Caller caller = Caller.of(ctx);
      String phone = Params.of(ctx).body().getString("phone");
      return store.agencyWorkspaces(pool, caller.agencyId()).compose(ids -> eraseEach(caller, ids, phone));
    });
  }

  /** Days in 1..3650, or null: keep for ever (the contract checks it too; this is the rule's one home in code). */
  static Integer days(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < 1 || n.longValue() > MAX_DAYS) {
      throw ApiProblem.invalid("invalid_retention", "'" + field + "' must be a whole number of days from 1 to "
          + MAX_DAYS + ", or null to keep for ever");
    }
    return n.intValue();
  }

  /** One workspace after the other, each in its own transaction; the answer lists each and the totals. */
  private Future<JsonObject> eraseEach(Caller caller, List<Long> ids, String phone) {
    JsonArray each = new JsonArray();
    JsonObject totals = new JsonObject();
    Future<Void> chain = Future.succeededFuture();
    for (long id : ids) {
      chain = chain.compose(v -> eraseIn(caller, id, phone)).map(result -> {
        each.add(result);
        JsonObject erased = result.getJsonObject("erased");
        for (String what : erased.fieldNames()) {
          totals.put(what, totals.getLong(what, 0L) + erased.getLong(what));
        }
        return null;
      });
    }
    return chain.map(v -> new JsonObject().put("workspaces", each).put("erased", totals));
  }

  private Future<JsonObject> eraseIn(Caller caller, long workspaceId, String phone) {
    return pool.withTransaction(conn -> store.erase(conn, workspaceId, phone)
            .compose(result -> audit.record(conn, caller, "caller.erased", "workspace", workspaceId,
                    new JsonObject().put("number_hash", result.getString("number_hash"))
                        .put("erased", result.getJsonObject("erased")))
                .map(v -> result)))
        // after the commit: the caller's fast-path keys in Redis (their names hold the number) go too
        .compose(result -> callerKeys.forget(workspaceId, phone).map(v -> result))
        .map(result -> new JsonObject().put("workspace_id", workspaceId)
            .put("number_hash", result.getString("number_hash"))
            .put("erased", result.getJsonObject("erased")));
  }
}
