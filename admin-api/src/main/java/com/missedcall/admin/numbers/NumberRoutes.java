package com.missedcall.admin.numbers;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** Tracked numbers and the phone-setup check. */
public final class NumberRoutes {
  private final Pool pool;
  private final TrackedNumberStore store;
  private final NumberService service;
  private final WorkspaceStore workspaces;
  private final SetupCheck setup;

  public NumberRoutes(Pool pool, TrackedNumberStore store, NumberService service, WorkspaceStore workspaces,
                      SetupCheck setup) {
    this.pool = pool;
    this.store = store;
    this.service = service;
    this.workspaces = workspaces;
    this.setup = setup;
  }

  public void bind(Operations ops) {
    ops.json("listNumbers", this::list);
    ops.created("createNumber", ctx -> service.create(Caller.of(ctx), Params.of(ctx).body()));
    ops.json("getNumber", ctx -> service.get(Caller.of(ctx), Params.of(ctx).pathLong("numberId")));
    ops.json("updateNumber", ctx -> service.update(Caller.of(ctx), Params.of(ctx).pathLong("numberId"),
        Params.of(ctx).body()));
    ops.json("deactivateNumber", ctx -> service.deactivate(Caller.of(ctx), Params.of(ctx).pathLong("numberId")));
    ops.json("getNumberSetupCheck", this::numberCheck);
    ops.json("getWorkspaceSetupCheck", this::workspaceCheck);
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Params p = Params.of(ctx);
    Caller caller = Caller.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "id");
    Long workspaceId = p.queryLong("workspace_id");
    String active = p.query("active");
    return ownWorkspace(caller, workspaceId)
        .compose(v -> store.list(pool, caller.agencyId(), cursor == null ? null : cursor.number(), workspaceId,
            active == null ? null : Boolean.valueOf(active), limit))
        .map(rows -> Page.of(rows, limit, TrackedNumberStore::toJson,
            r -> new Cursor("id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<JsonObject> numberCheck(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("numberId");
    return setup.forNumber(pool, caller.agencyId(), id).map(checks -> {
      if (checks.isEmpty()) {
        throw ApiProblem.notFound("number");
      }
      return checks.getJsonObject(0);
    });
  }

  private Future<JsonObject> workspaceCheck(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    return ownWorkspace(caller, id).compose(v -> setup.forWorkspace(pool, caller.agencyId(), id))
        .map(checks -> new JsonObject().put("workspace_id", id).put("numbers", checks)
            .put("state", overall(checks)));
  }

  static String overall(io.vertx.core.json.JsonArray checks) {
    if (checks.isEmpty()) {
      return "no_numbers";
    }
    boolean actionNeeded = false;
    boolean incomplete = false;
    for (Object o : checks) {
      String state = ((JsonObject) o).getString("state");
      actionNeeded |= "action_needed".equals(state);
      incomplete |= "incomplete".equals(state);
    }
    return actionNeeded ? "action_needed" : incomplete ? "incomplete" : "verified";
  }

  private Future<Void> ownWorkspace(Caller caller, Long workspaceId) {
    return workspaces.requireOwn(pool, caller.agencyId(), workspaceId);
  }
}
