package com.missedcall.admin.intake;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.intake.IntakeField;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Arrays;
import java.util.Optional;

/**
 * A workspace's intake page settings: read them (the defaults until changed) or change them (validated, every
 * problem named at once, audited as {@code workspace.intake_page_update}). The page and the decision read the
 * table directly, so a change applies to the next page view and the next text-back.
 */
public final class IntakePageRoutes {
  private final Pool pool;
  private final IntakePageStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;

  public IntakePageRoutes(Pool pool, IntakePageStore store, WorkspaceStore workspaces, AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("getIntakePage", this::get);
    ops.json("setIntakePage", this::set);
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    return store.find(pool, caller.agencyId(), id)
        .map(found -> view(id, found.orElseThrow(() -> ApiProblem.notFound("workspace"))));
  }

  private Future<JsonObject> set(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    JsonObject body = Params.of(ctx).body();
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), id)
            .compose(mine -> mine ? store.find(conn, caller.agencyId(), id).map(Optional::get)
                : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(before -> {
              IntakePageSettings after = IntakePageSettings.from(body, before.settings());
              return store.save(conn, id, after)
                  .compose(v -> audit.record(conn, caller, "workspace.intake_page_update", "workspace", id,
                      new JsonObject().put("from", before.settings().toJson()).put("to", after.toJson())))
                  .compose(v -> store.find(conn, caller.agencyId(), id).map(Optional::get));
            }))
        .map(after -> view(id, after));
  }

  static JsonObject view(long workspaceId, IntakePageStore.Stored stored) {
    JsonArray questions = new JsonArray();
    Arrays.stream(IntakeField.values()).forEach(f -> questions.add(new JsonObject().put("field", f.code())
        .put("label", f.label()).put("asked", stored.settings().fields().contains(f))
        .put("required", f == IntakeField.NEED)));
    return stored.settings().toJson().put("workspace_id", workspaceId).put("configured", stored.configured())
        .put("link_lifetime", lifetime(stored.settings().linkTtlHours()))
        .put("questions", questions)
        .put("updated_at", stored.updatedAt() == null ? null : stored.updatedAt().toInstant().toString());
  }

  /** "3 days", "1 day and 12 hours", "5 hours". */
  static String lifetime(int hours) {
    int days = hours / 24;
    int rest = hours % 24;
    String d = days == 1 ? "1 day" : days + " days";
    String h = rest == 1 ? "1 hour" : rest + " hours";
    return days == 0 ? h : rest == 0 ? d : d + " and " + h;
  }
}
