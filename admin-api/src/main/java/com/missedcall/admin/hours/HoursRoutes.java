package com.missedcall.admin.hours;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.hours.HolidayCalendar;
import com.missedcall.recovery.hours.HoursRejected;
import com.missedcall.recovery.hours.WeeklySchedule;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * A workspace's business hours: read them (with where the business stands now), replace them (validated:
 * every problem named at once, 400 {@code invalid_hours} / {@code invalid_closures}), or clear them. Changes
 * are audited and drop this process's tracked-number snapshots, which carry the hours to the hot path.
 */
public final class HoursRoutes {
  private final Pool pool;
  private final HoursStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;
  private final EventBus bus;
  private final Clock clock;

  public HoursRoutes(Pool pool, HoursStore store, WorkspaceStore workspaces, AuditLog audit, EventBus bus,
                     Clock clock) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
    this.bus = bus;
    this.clock = clock;
  }

  public void bind(Operations ops) {
    ops.json("getWorkspaceHours", this::get);
    ops.json("setWorkspaceHours", this::set);
    ops.json("clearWorkspaceHours", this::clear);
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    return store.find(pool, caller.agencyId(), id)
        .map(found -> HoursView.of(id, found.orElseThrow(() -> ApiProblem.notFound("workspace")), clock.instant()));
  }

  private Future<JsonObject> set(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    JsonObject body = Params.of(ctx).body();
    WeeklySchedule weekly;
    HolidayCalendar closures;
    try {
      weekly = WeeklySchedule.fromJson(body.getJsonObject("weekly"));
      closures = HolidayCalendar.fromJson(body.getJsonArray("closures", new JsonArray()));
    } catch (HoursRejected e) {
      return Future.failedFuture(ApiProblem.invalid(e.code(), e.getMessage()));
    }
    JsonObject weeklyJson = weekly.toJson();
    JsonArray closuresJson = closures.toJson();
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), id)
            .compose(mine -> mine ? store.find(conn, caller.agencyId(), id).map(java.util.Optional::get)
                : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(before -> store.save(conn, id, weeklyJson, closuresJson)
                .compose(v -> audit.record(conn, caller, "workspace.hours_update", "workspace", id, new JsonObject()
                    .put("weekly", new JsonObject().put("from", before.weekly()).put("to", weeklyJson))
                    .put("closures", new JsonObject().put("from", before.closures()).put("to", closuresJson))))
                .compose(v -> store.find(conn, caller.agencyId(), id).map(java.util.Optional::get))))
        .map(after -> HoursView.of(id, after, clock.instant()))
        .onSuccess(v -> bus.publish(Addresses.NUMBERS_CHANGED, "*"));
  }

  private Future<JsonObject> clear(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), id)
            .compose(mine -> mine ? store.find(conn, caller.agencyId(), id).map(java.util.Optional::get)
                : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(before -> store.clear(conn, id).compose(cleared -> !cleared ? Future.<Void>succeededFuture()
                : audit.record(conn, caller, "workspace.hours_clear", "workspace", id, new JsonObject()
                    .put("weekly", new JsonObject().put("from", before.weekly()).putNull("to"))
                    .put("closures", new JsonObject().put("from", before.closures()).putNull("to")))))
            .compose(v -> store.find(conn, caller.agencyId(), id).map(java.util.Optional::get)))
        .map(after -> HoursView.of(id, after, clock.instant()))
        .onSuccess(v -> bus.publish(Addresses.NUMBERS_CHANGED, "*"));
  }
}
