package com.missedcall.admin.testcalls;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** Test-call mode: the workspace's test caller numbers. */
public final class TestCallRoutes {
  private final Pool pool;
  private final TestCallerStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;

  public TestCallRoutes(Pool pool, TestCallerStore store, WorkspaceStore workspaces, AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("listTestCallers", ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Params.of(ctx).pathLong("workspaceId");
      return workspaces.requireOwn(pool, caller.agencyId(), id)
          .compose(v -> store.list(pool, caller.agencyId(), id))
          .map(list -> new JsonObject().put("data", list).put("next_cursor", null));
    });
    ops.created("createTestCaller", this::create);
    ops.noContent("deleteTestCaller", this::delete);
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    JsonObject body = p.body();
    String number = body.getString("number");
    String label = blankToNull(body.getString("label"));
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> mine ? store.count(conn, workspaceId) : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(count -> count >= TestCallerStore.MAX_PER_WORKSPACE
            ? Future.failedFuture(ApiProblem.conflict("test_caller_limit_reached",
                "A workspace may register at most " + TestCallerStore.MAX_PER_WORKSPACE + " test caller numbers"))
            : store.insert(conn, workspaceId, number, label))
        .compose(created -> created.map(json -> audit.record(conn, caller, "test_caller.create", "test_caller",
                json.getLong("id"), new JsonObject().put("number", number).put("label", label)
                    .put("workspace_id", workspaceId)).map(json))
            .orElseGet(() -> Future.failedFuture(ApiProblem.conflict("test_caller_exists",
                "This number is already a test caller of this workspace")))));
  }

  private Future<Void> delete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("testCallerId");
    return pool.withTransaction(conn -> store.delete(conn, caller.agencyId(), id)
        .compose(deleted -> deleted.map(json -> audit.record(conn, caller, "test_caller.delete", "test_caller", id,
                new JsonObject().put("number", json.getString("number"))
                    .put("workspace_id", json.getLong("workspace_id"))))
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("test_caller")))));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
