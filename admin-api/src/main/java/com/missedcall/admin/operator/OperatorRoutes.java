package com.missedcall.admin.operator;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.ApiKeyRoutes;
import com.missedcall.admin.auth.ApiKeyStore;
import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.http.Patch;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Optional;

/**
 * The platform operator's operations: agencies (create, list, change plan terms, limits and status), an
 * agency's keys (its first one included), plans and caps of any workspace, the operator's own keys and audit log.
 */
final class OperatorRoutes {
  private final Pool pool;
  private final AgencyStore agencies;
  private final PlanStore plans;
  private final OperatorKeyStore operatorKeys;
  private final ApiKeyStore agencyKeys;
  private final WorkspaceStore workspaces;
  private final OperatorAudit audit;
  private final EventBus bus;

  OperatorRoutes(Pool pool, AgencyStore agencies, PlanStore plans, OperatorKeyStore operatorKeys,
                 ApiKeyStore agencyKeys, WorkspaceStore workspaces, OperatorAudit audit, EventBus bus) {
    this.pool = pool;
    this.agencies = agencies;
    this.plans = plans;
    this.operatorKeys = operatorKeys;
    this.agencyKeys = agencyKeys;
    this.workspaces = workspaces;
    this.audit = audit;
    this.bus = bus;
  }

  void bind(Operations ops) {
    ops.json("listAgencies", this::listAgencies);
    ops.created("createAgency", this::createAgency);
    ops.json("getAgency", ctx -> agencies.find(pool, Params.of(ctx).pathLong("agencyId"))
        .map(found -> found.orElseThrow(() -> ApiProblem.notFound("agency"))));
    ops.json("updateAgency", this::updateAgency);
    ops.created("createAgencyApiKey", this::createAgencyKey);
    ops.json("updateWorkspaceTerms", this::updateWorkspaceTerms);
    ops.json("listPlans", ctx -> plans.list(pool).map(list -> new JsonObject().put("data", list)));
    ops.json("listOperatorKeys", this::listOperatorKeys);
    ops.created("createOperatorKey", this::createOperatorKey);
    ops.json("revokeOperatorKey", this::revokeOperatorKey);
    ops.json("listOperatorAuditLog", this::listAudit);
  }

  private Future<JsonObject> listAgencies(RoutingContext ctx) {
    Params p = Params.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "id");
    return agencies.list(pool, cursor == null ? null : cursor.number(), p.query("q"), limit)
        .map(rows -> Page.of(rows, limit, AgencyStore::toJson,
            r -> new Cursor("id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<JsonObject> createAgency(RoutingContext ctx) {
    Operator operator = Operator.of(ctx);
    JsonObject body = Params.of(ctx).body();
    return knownPlan(body.getString("default_plan_code")).compose(v -> pool.withTransaction(conn ->
        agencies.insert(conn, body)
            .compose(id -> agencies.find(conn, id).map(Optional::get))
            .compose(created -> audit.record(conn, operator, "agency.create", "agency", created.getLong("id"),
                AuditLog.diff(null, created, body.fieldNames()), created.getLong("id")).map(created))));
  }

  private Future<JsonObject> updateAgency(RoutingContext ctx) {
    Operator operator = Operator.of(ctx);
    long id = Params.of(ctx).pathLong("agencyId");
    JsonObject body = Params.of(ctx).body();
    Patch patch = Patch.of(body, AgencyStore.WRITABLE, 2);
    return knownPlan(body.getString("default_plan_code")).compose(v -> pool.withTransaction(conn ->
        agencies.lock(conn, id)
            .compose(exists -> exists ? agencies.find(conn, id).map(Optional::get)
                : Future.failedFuture(ApiProblem.notFound("agency")))
            .compose(before -> agencies.update(conn, id, patch)
                .compose(x -> agencies.find(conn, id).map(Optional::get))
                .compose(after -> {
                  JsonObject changes = AuditLog.diff(before, after, patch.fields());
                  return changes.isEmpty() ? Future.succeededFuture(after)
                      : audit.record(conn, operator, "agency.update", "agency", id, changes, id).map(after);
                }))));
  }

  /** Issues a key of the agency (its first one, or any other), shown in this answer only. */
  private Future<JsonObject> createAgencyKey(RoutingContext ctx) {
    Operator operator = Operator.of(ctx);
    long agencyId = Params.of(ctx).pathLong("agencyId");
    JsonObject body = Params.of(ctx).body();
    String name = body.getString("name");
    String scope = body.getString("scope", ApiKeys.FULL);
    java.time.OffsetDateTime expiresAt = ApiKeyRoutes.expiry(body.getString("expires_at"));
    ApiKeys.NewKey key = ApiKeys.generate();
    return pool.withTransaction(conn -> agencies.lock(conn, agencyId)
            .compose(exists -> exists ? agencyKeys.insert(conn, agencyId, name, key, null, scope, expiresAt,
                operator.keyId()) : Future.failedFuture(ApiProblem.notFound("agency")))
            .compose(created -> audit.record(conn, operator, "api_key.create", "api_key", created.getLong("id"),
                new JsonObject().put("name", name).put("prefix", key.displayPrefix()).put("scope", scope)
                    .put("expires_at", created.getString("expires_at")), agencyId).map(created)))
        .map(created -> created.put("agency_id", agencyId).put("key", key.key()));
  }

  /** Plan, billing status and caps of any workspace (what agencies that may not set plans have set for them). */
  private Future<JsonObject> updateWorkspaceTerms(RoutingContext ctx) {
    Operator operator = Operator.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    JsonObject body = Params.of(ctx).body();
    Patch patch = Patch.of(body, WorkspaceStore.COMMERCIAL, 3);
    return knownPlan(body.getString("plan_code")).compose(v -> pool.withTransaction(conn -> workspaces.lockAny(conn, id)
            .compose(agency -> agency.isEmpty() ? Future.<JsonObject>failedFuture(ApiProblem.notFound("workspace"))
                : workspaces.find(conn, agency.get(), id).map(Optional::get).compose(before ->
                    workspaces.update(conn, agency.get(), id, patch)
                        .compose(x -> workspaces.find(conn, agency.get(), id).map(Optional::get))
                        .compose(after -> {
                          JsonObject changes = AuditLog.diff(before, after, patch.fields());
                          return (changes.isEmpty() ? Future.<Void>succeededFuture()
                              : audit.record(conn, operator, "workspace.update", "workspace", id, changes, agency.get()))
                              .map(after.put("agency_id", agency.get()));
                        })))))
        .onSuccess(after -> bus.publish(Addresses.NUMBERS_CHANGED, "*"));
  }

  private Future<JsonObject> listOperatorKeys(RoutingContext ctx) {
    Params p = Params.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-id");
    return operatorKeys.list(pool, cursor == null ? null : cursor.number(), limit)
        .map(rows -> Page.of(rows, limit, OperatorKeyStore::toJson,
            r -> new Cursor("-id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<JsonObject> createOperatorKey(RoutingContext ctx) {
    Operator operator = Operator.of(ctx);
    String name = Params.of(ctx).body().getString("name");
    ApiKeys.NewKey key = OperatorKeys.generate();
    return pool.withTransaction(conn -> operatorKeys.insert(conn, name, key, operator.keyId())
            .compose(created -> audit.record(conn, operator, "operator_key.create", "operator_key",
                created.getLong("id"), new JsonObject().put("name", name).put("prefix", key.displayPrefix()), null)
                .map(created)))
        .map(created -> created.put("key", key.key()));
  }

  private Future<JsonObject> revokeOperatorKey(RoutingContext ctx) {
    Operator operator = Operator.of(ctx);
    long id = Params.of(ctx).pathLong("keyId");
    return pool.withTransaction(conn -> operatorKeys.revoke(conn, id)
        .compose(revoked -> revoked.map(json -> audit.record(conn, operator, "operator_key.revoke", "operator_key", id,
                new JsonObject().put("prefix", json.getString("prefix")), null).map(json))
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("operator_key")))));
  }

  private Future<JsonObject> listAudit(RoutingContext ctx) {
    Params p = Params.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-id");
    return audit.list(pool, cursor == null ? null : cursor.number(), limit)
        .map(rows -> Page.of(rows, limit, AuditLog::toJson,
            r -> new Cursor("-id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<Void> knownPlan(String code) {
    if (code == null) {
      return Future.succeededFuture();
    }
    return plans.exists(pool, code).compose(known -> known ? Future.<Void>succeededFuture()
        : Future.failedFuture(ApiProblem.invalid("unknown_plan", "No plan '" + code + "'")));
  }
}
