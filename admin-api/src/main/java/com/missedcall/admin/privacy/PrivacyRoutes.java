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
 * what was erased, never the number).
 */
public final class PrivacyRoutes {
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
