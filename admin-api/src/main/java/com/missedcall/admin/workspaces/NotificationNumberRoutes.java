package com.missedcall.admin.workspaces;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** A workspace's notification numbers: urgent alerts, team summaries, the on-call escalation. */
public final class NotificationNumberRoutes {
  private final Pool pool;
  private final NotificationNumberStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;

  public NotificationNumberRoutes(Pool pool, NotificationNumberStore store, WorkspaceStore workspaces, AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("listNotificationNumbers", ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Params.of(ctx).pathLong("workspaceId");
      return workspaces.requireOwn(pool, caller.agencyId(), id)
          .compose(v -> store.list(pool, caller.agencyId(), id))
          .map(list -> new JsonObject().put("data", list).put("next_cursor", null));
    });
    ops.created("createNotificationNumber", this::create);
    ops.noContent("deleteNotificationNumber", this::delete);
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    JsonObject body = p.body();
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> mine ? store.insert(conn, workspaceId, body.getString("phone"), body.getString("kind"))
            : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(created -> created.map(json -> audit.record(conn, caller, "notification_number.create",
                "notification_number", json.getLong("id"), new JsonObject().put("phone", json.getString("phone"))
                    .put("kind", json.getString("kind")).put("workspace_id", workspaceId)).map(json))
            .orElseGet(() -> Future.failedFuture(ApiProblem.conflict("notification_number_exists",
                "This number is already set for " + body.getString("kind") + " in this workspace")))));
  }

  private Future<Void> delete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("notificationNumberId");
    return pool.withTransaction(conn -> store.delete(conn, caller.agencyId(), id)
        .compose(deleted -> deleted.map(json -> audit.record(conn, caller, "notification_number.delete",
                "notification_number", id, new JsonObject().put("phone", json.getString("phone"))
                    .put("kind", json.getString("kind"))))
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("notification_number")))));
  }
}
