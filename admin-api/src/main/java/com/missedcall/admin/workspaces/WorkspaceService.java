package com.missedcall.admin.workspaces;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Patch;
import com.missedcall.recovery.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates and changes workspaces: checks what the contract cannot (timezone, hours, plan, who may set
 * commercial fields), writes the change and its audit entry in one transaction, then tells this
 * process's tracked-number cache that workspace snapshots are stale.
 */
public final class WorkspaceService {
  static final String PLAN_EXISTS = "SELECT 1 FROM plans WHERE code = $1";

  private final Pool pool;
  private final WorkspaceStore store;
  private final AuditLog audit;
  private final EventBus bus;
  private final com.missedcall.admin.operator.AgencyStore agencies;

  public WorkspaceService(Pool pool, WorkspaceStore store, AuditLog audit, EventBus bus,
                          com.missedcall.admin.operator.AgencyStore agencies) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.bus = bus;
    this.agencies = agencies;
  }

  public Future<JsonObject> get(Caller caller, long id) {
    return store.find(pool, caller.agencyId(), id)
        .map(found -> found.orElseThrow(() -> ApiProblem.notFound("workspace")));
  }

  /**
   * Within the operator's terms for the agency: past its workspace limit 403 {@code workspace_limit_reached}
   * (the agency row is locked, so concurrent creations cannot pass it together); without a plan named, the
   * agency's default plan.
   */
  public Future<JsonObject> create(Caller caller, JsonObject body) {
    return checked(caller, body).compose(v -> pool.withTransaction(conn -> agencies.terms(conn, caller.agencyId())
        .compose(terms -> {
          if (terms.full()) {
            return Future.failedFuture(ApiProblem.forbidden("workspace_limit_reached", "This agency may have at most "
                + terms.maxWorkspaces() + " workspaces; ask the platform operator for more"));
          }
          JsonObject fields = body.getString("plan_code") == null && terms.defaultPlanCode() != null
              ? body.copy().put("plan_code", terms.defaultPlanCode()) : body;
          return store.insert(conn, caller.agencyId(), fields)
              .compose(id -> store.find(conn, caller.agencyId(), id).map(java.util.Optional::get))
              .compose(created -> audit.record(conn, caller, "workspace.create", "workspace", created.getLong("id"),
                      AuditLog.diff(null, created, fields.fieldNames()))
                  .map(created));
        })));
  }

  public Future<JsonObject> update(Caller caller, long id, JsonObject body) {
    Map<String, String> writable = new LinkedHashMap<>(WorkspaceStore.PROFILE);
    writable.putAll(WorkspaceStore.COMMERCIAL);
    Patch patch = Patch.of(body, writable, 3);
    return pool.withTransaction(conn -> store.lock(conn, caller.agencyId(), id)
            .compose(mine -> mine ? checked(caller, body) : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(v -> store.find(conn, caller.agencyId(), id).map(java.util.Optional::get))
            .compose(before -> store.update(conn, caller.agencyId(), id, patch)
                .compose(v -> store.find(conn, caller.agencyId(), id).map(java.util.Optional::get))
                .compose(after -> {
                  JsonObject changes = AuditLog.diff(before, after, patch.fields());
                  return changes.isEmpty() ? Future.succeededFuture(after)
                      : audit.record(conn, caller, "workspace.update", "workspace", id, changes).map(after);
                })))
        .onSuccess(after -> bus.publish(Addresses.NUMBERS_CHANGED, "*"));
  }

  /**
   * An operator clears the pause carriers caused (the workspace's number was fixed or registered): its texts to
   * callers go again. Audited; resuming a workspace that is not paused changes nothing.
   */
  public Future<JsonObject> resumeSending(Caller caller, long id) {
    return pool.withTransaction(conn -> store.lock(conn, caller.agencyId(), id)
        .compose(mine -> mine ? store.resumeSending(conn, caller.agencyId(), id)
            : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(code -> code.isEmpty() ? Future.<Void>succeededFuture()
            : audit.record(conn, caller, "workspace.sending_resume", "workspace", id, new JsonObject()
                .put("sending_paused_code", new JsonObject().put("from", code.get()).put("to", null))))
        .compose(v -> store.find(conn, caller.agencyId(), id).map(java.util.Optional::get)));
  }

  /**
   * What a schema cannot say: a real timezone, sane hours, a text-back template with known variables only, a
   * known plan, and who may set commercial fields.
   */
  private Future<Void> checked(Caller caller, JsonObject body) {
    List<String> forbidden = new ArrayList<>();
    for (String field : WorkspaceStore.COMMERCIAL.keySet()) {
      if (body.containsKey(field) && !caller.maySetPlans()) {
        forbidden.add(field);
      }
    }
    if (!forbidden.isEmpty()) {
      return Future.failedFuture(ApiProblem.forbidden("field_not_permitted",
          "This agency may not set " + String.join(", ", forbidden) + "; plans, caps and billing are managed for you"));
    }
    if (body.containsKey("timezone")) {
      try {
        ZoneId.of(body.getString("timezone"));
      } catch (DateTimeException e) {
        return Future.failedFuture(ApiProblem.invalid("invalid_timezone",
            "'" + body.getString("timezone") + "' is not an IANA timezone such as America/New_York"));
      }
    }
    if (body.getValue("textback_template") instanceof String template) {
      try {
        com.missedcall.recovery.copy.CopyTemplate.parse(template);
      } catch (com.missedcall.recovery.copy.TemplateRejected e) {
        return Future.failedFuture(ApiProblem.invalid(e.code(), e.getMessage()));
      }
    }
    if (body.getString("plan_code") == null) {
      return Future.succeededFuture();
    }
    return planExists(pool, body.getString("plan_code")).compose(known -> known ? Future.<Void>succeededFuture()
        : Future.failedFuture(ApiProblem.invalid("unknown_plan", "No plan '" + body.getString("plan_code") + "'")));
  }

  private static Future<Boolean> planExists(SqlClient db, String code) {
    return db.preparedQuery(PLAN_EXISTS).execute(Tuple.of(code)).map(rows -> rows.size() > 0);
  }
}
